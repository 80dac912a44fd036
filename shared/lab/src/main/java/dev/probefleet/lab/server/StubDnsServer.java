package dev.probefleet.lab.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A stub DNS server on 127.0.0.1 — UDP and TCP on the same port — that answers configured names the
 * way a recursive resolver would: addresses (A and AAAA), a CNAME chain, NXDOMAIN, SERVFAIL,
 * REFUSED, or nothing at all (the client times out). Names not configured get NXDOMAIN. Rules can
 * change while it runs. Messages are encoded and decoded with dnsjava.
 */
public final class StubDnsServer implements AutoCloseable {
  private static final long TTL = 60;
  private static final int BIND_ATTEMPTS = 20;

  private sealed interface Rule {}

  private record Addresses(List<InetAddress> addresses) implements Rule {}

  private record Alias(Name target) implements Rule {}

  private record Failure(int rcode) implements Rule {}

  private record Silence() implements Rule {}

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  // dnsjava compares names ignoring case, so lookups need no folding.
  private final Map<Name, Rule> rules = new ConcurrentHashMap<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final Set<Socket> tcpClients = ConcurrentHashMap.newKeySet();
  private final Thread udpLoop;
  private final Thread tcpLoop;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean closed;

  private StubDnsServer() {
    DatagramSocket boundUdp = null;
    ServerSocket boundTcp = null;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < BIND_ATTEMPTS && boundTcp == null; attempt++) {
      try {
        boundUdp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        boundTcp = new ServerSocket(boundUdp.getLocalPort(), 50, loopback);
      } catch (IOException e) {
        if (boundUdp != null) {
          boundUdp.close();
        }
        boundUdp = null;
      }
    }
    if (boundTcp == null) {
      throw new UnableToStartServerException(
          "cannot bind the stub DNS server to one port for UDP and TCP on 127.0.0.1 after "
              + BIND_ATTEMPTS
              + " attempts");
    }
    this.udp = boundUdp;
    this.tcp = boundTcp;
    this.udpLoop = Thread.ofVirtual().name("lab-dns-udp-" + port()).start(this::serveUdp);
    this.tcpLoop = Thread.ofVirtual().name("lab-dns-tcp-" + port()).start(this::serveTcp);
  }

  public static StubDnsServer start() {
    return new StubDnsServer();
  }

  /** Where to send queries. */
  public InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), port());
  }

  public int port() {
    return udp.getLocalPort();
  }

  /** Answers the name with these addresses (A for IPv4, AAAA for IPv6); none gives NODATA. */
  public StubDnsServer answer(String name, InetAddress... addresses) {
    rules.put(name(name), new Addresses(List.of(addresses)));
    return this;
  }

  /** Answers the name with a CNAME to the target, followed as far as the rules go. */
  public StubDnsServer cname(String name, String target) {
    rules.put(name(name), new Alias(name(target)));
    return this;
  }

  /** Says the name does not exist (the default for names with no rule). */
  public StubDnsServer nxdomain(String name) {
    rules.put(name(name), new Failure(Rcode.NXDOMAIN));
    return this;
  }

  /** Fails the query for the name, as a resolver whose upstreams are broken does. */
  public StubDnsServer servfail(String name) {
    rules.put(name(name), new Failure(Rcode.SERVFAIL));
    return this;
  }

  /** Refuses the query for the name. */
  public StubDnsServer refused(String name) {
    rules.put(name(name), new Failure(Rcode.REFUSED));
    return this;
  }

  /** Never answers queries for the name. */
  public StubDnsServer drop(String name) {
    rules.put(name(name), new Silence());
    return this;
  }

  /** Waits this long before every answer. */
  public StubDnsServer delay(Duration value) {
    this.delay = value;
    return this;
  }

  /** Queries received, as {@code name/TYPE} (e.g. {@code shop.test./A}), in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  public int queryCount() {
    return queries.size();
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text.toLowerCase(Locale.ROOT), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a DNS name: " + e.getMessage());
    }
  }

  /** The response to a query, or null to stay silent. */
  private Message answer(Message query) {
    Record question = query.getQuestion();
    if (question == null) {
      return null;
    }
    queries.add(question.getName() + "/" + Type.string(question.getType()));
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.addRecord(question, Section.QUESTION);
    Name current = question.getName();
    int type = question.getType();
    int rcode = Rcode.NOERROR;
    for (int hop = 0; hop < 16; hop++) {
      Rule rule = rules.get(current);
      if (rule == null) {
        rcode = Rcode.NXDOMAIN;
        break;
      }
      if (rule instanceof Silence) {
        return null;
      }
      if (rule instanceof Failure failure) {
        rcode = failure.rcode();
        break;
      }
      if (rule instanceof Alias alias) {
        response.addRecord(
            new CNAMERecord(current, DClass.IN, TTL, alias.target()), Section.ANSWER);
        current = alias.target();
        continue;
      }
      for (InetAddress address : ((Addresses) rule).addresses()) {
        if (type == Type.A && address instanceof Inet4Address) {
          response.addRecord(new ARecord(current, DClass.IN, TTL, address), Section.ANSWER);
        } else if (type == Type.AAAA && address instanceof Inet6Address) {
          response.addRecord(new AAAARecord(current, DClass.IN, TTL, address), Section.ANSWER);
        }
      }
      break;
    }
    response.getHeader().setRcode(rcode);
    return response;
  }

  private void serveUdp() {
    byte[] buffer = new byte[4096];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      byte[] wire = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      Thread.ofVirtual().start(() -> replyUdp(wire, client));
    }
  }

  private void replyUdp(byte[] wire, InetSocketAddress client) {
    try {
      Message response = answer(new Message(wire));
      if (response == null || !pause()) {
        return;
      }
      byte[] out = response.toWire(512);
      udp.send(new DatagramPacket(out, out.length, client));
    } catch (IOException e) {
      // a malformed query or a closed socket: nothing to answer
    }
  }

  private void serveTcp() {
    while (!closed) {
      try {
        Socket client = tcp.accept();
        tcpClients.add(client);
        Thread.ofVirtual().start(() -> replyTcp(client));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void replyTcp(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      DataOutputStream out = new DataOutputStream(client.getOutputStream());
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException e) {
          return;
        }
        byte[] wire = in.readNBytes(length);
        Message response = answer(new Message(wire));
        if (response == null) {
          continue;
        }
        if (!pause()) {
          return;
        }
        byte[] bytes = response.toWire();
        out.writeShort(bytes.length);
        out.write(bytes);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      tcpClients.remove(client);
    }
  }

  private boolean pause() {
    Duration wait = delay;
    if (wait.isZero()) {
      return true;
    }
    try {
      Thread.sleep(wait);
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket client : new ArrayList<>(tcpClients)) {
      try {
        client.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      udpLoop.join(Duration.ofSeconds(2));
      tcpLoop.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "StubDnsServer[127.0.0.1:" + port() + "]";
  }
}
