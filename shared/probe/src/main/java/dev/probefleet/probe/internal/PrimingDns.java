package dev.probefleet.probe.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS server a client primes its resolver against: UDP on 127.0.0.1, a free port, one virtual
 * thread. Every A question is answered with 127.0.0.1, every other question with an empty answer;
 * nothing is forwarded anywhere. {@link #close()} closes the socket and waits for the thread.
 */
final class PrimingDns implements AutoCloseable {
  private static final InetAddress LOOPBACK = loopback();

  private final DatagramSocket socket;
  private final Thread thread;

  private PrimingDns(DatagramSocket socket) {
    this.socket = socket;
    this.thread = Thread.ofVirtual().name("probefleet-priming-dns").start(this::serve);
  }

  static PrimingDns start() throws SocketException {
    return new PrimingDns(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        byte[] reply = answer(packet);
        if (reply != null) {
          socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        // closed, or a packet that could not be sent: the client times out and says so
      }
    }
  }

  private static byte[] answer(DatagramPacket packet) {
    Message query;
    try {
      query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
    } catch (IOException e) {
      return null;
    }
    Record question = query.getQuestion();
    if (question == null) {
      return null;
    }
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    reply.getHeader().setRcode(Rcode.NOERROR);
    reply.addRecord(question, Section.QUESTION);
    if (question.getType() == Type.A) {
      reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, LOOPBACK), Section.ANSWER);
    }
    return reply.toWire(512);
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException("127.0.0.1 is not an address", e);
    }
  }
}
