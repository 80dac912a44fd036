package dev.probefleet.probe.internal;

import dev.probefleet.probe.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * A {@link HostResolver} that sends its own queries with dnsjava and reads the response code
 * itself: no {@code Lookup}, so no answer cache between probes, and NXDOMAIN, SERVFAIL, REFUSED,
 * timeouts and empty answers stay distinct. Asks for A records, and for AAAA only when there are
 * none; follows CNAME chains inside an answer and, when a chain ends without addresses, asks for
 * its end. Servers are tried in turn: the next one after a timeout (each attempt gets at most 2 s
 * of the time left), a SERVFAIL or a REFUSED; an NXDOMAIN or an answer is final.
 */
public final class DnsjavaResolver implements HostResolver {
  private static final Duration ATTEMPT = Duration.ofSeconds(2);
  private static final int MAX_ALIASES = 8;

  private final List<InetSocketAddress> servers;
  private final HostsFileParser hosts;

  private DnsjavaResolver(List<InetSocketAddress> servers, HostsFileParser hosts) {
    this.servers = List.copyOf(servers);
    this.hosts = hosts;
  }

  /** The system's configured servers, with the hosts file consulted first. */
  public static DnsjavaResolver system() {
    return new DnsjavaResolver(ResolverConfig.getCurrentConfig().servers(), new HostsFileParser());
  }

  /** These servers only, no hosts file. */
  public static DnsjavaResolver of(List<InetSocketAddress> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("at least one DNS server is needed");
    }
    return new DnsjavaResolver(servers, null);
  }

  @Override
  public Resolution resolve(String host, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    long budgetMillis = (timeout.toNanos() + 999_999) / 1_000_000;
    Name name;
    try {
      name = Name.fromString(host.toLowerCase(Locale.ROOT), Name.root);
    } catch (TextParseException e) {
      return new Failed("'" + host + "' is not a valid DNS name: " + e.getMessage());
    }
    if (hosts != null) {
      Optional<Resolution> local = fromHostsFile(name);
      if (local.isPresent()) {
        return local.get();
      }
    }
    if (servers.isEmpty()) {
      return new Failed("no DNS server is configured to resolve " + display(name));
    }
    Name current = name;
    Set<Name> seen = new HashSet<>();
    for (int hop = 0; hop <= MAX_ALIASES; hop++) {
      if (!seen.add(current)) {
        return new Failed("CNAME loop resolving " + display(name) + " at " + display(current));
      }
      Answer a = query(name, current, Type.A, end, budgetMillis);
      if (a.failure() != null) {
        return new Failed(a.failure());
      }
      if (!a.addresses().isEmpty()) {
        return new Resolved(a.addresses(), a.server());
      }
      if (!a.end().equals(current)) {
        current = a.end();
        continue;
      }
      Answer aaaa = query(name, current, Type.AAAA, end, budgetMillis);
      if (aaaa.failure() != null) {
        return new Failed(aaaa.failure());
      }
      if (!aaaa.addresses().isEmpty()) {
        return new Resolved(aaaa.addresses(), aaaa.server());
      }
      if (!aaaa.end().equals(current)) {
        current = aaaa.end();
        continue;
      }
      return new Failed(
          "no A or AAAA record for "
              + display(current)
              + via(name, current)
              + " from "
              + a.server());
    }
    return new Failed(
        "CNAME chain from " + display(name) + " is longer than " + MAX_ALIASES + " names");
  }

  private Optional<Resolution> fromHostsFile(Name name) {
    try {
      Optional<InetAddress> v4 = hosts.getAddressForHost(name, Type.A);
      if (v4.isPresent()) {
        return Optional.of(new Resolved(List.of(v4.get()), "hosts file"));
      }
      Optional<InetAddress> v6 = hosts.getAddressForHost(name, Type.AAAA);
      if (v6.isPresent()) {
        return Optional.of(new Resolved(List.of(v6.get()), "hosts file"));
      }
    } catch (IOException e) {
      // an unreadable hosts file is no reason not to ask DNS
    }
    return Optional.empty();
  }

  /**
   * One question's outcome.
   *
   * @param addresses the addresses at the end of the CNAME chain in the answer
   * @param end the name the answer's CNAME chain ended at (the question's name when none)
   * @param server who answered
   * @param failure what went wrong, or null
   */
  private record Answer(List<InetAddress> addresses, Name end, String server, String failure) {
    static Answer failed(String failure) {
      return new Answer(List.of(), null, null, failure);
    }
  }

  /** Asks for {@code name} (reached from {@code original} through CNAMEs, or equal to it). */
  private Answer query(Name original, Name name, int type, long end, long budgetMillis) {
    Map<InetSocketAddress, String> refusals = new LinkedHashMap<>();
    List<String> silent = new ArrayList<>();
    int attempt = 0;
    while (true) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        return Answer.failed(
            "no answer for "
                + display(name)
                + via(original, name)
                + " from "
                + String.join(", ", silent.isEmpty() ? List.of(serverList()) : silent)
                + " within "
                + budgetMillis
                + " ms");
      }
      InetSocketAddress server = null;
      for (int i = 0; i < servers.size(); i++) {
        InetSocketAddress candidate = servers.get((attempt + i) % servers.size());
        if (!refusals.containsKey(candidate)) {
          server = candidate;
          attempt += i + 1;
          break;
        }
      }
      if (server == null) {
        return Answer.failed(refusals.values().iterator().next());
      }
      String who = IpLiterals.hostPort(server.getAddress(), server.getPort());
      Duration attemptTimeout = Duration.ofNanos(Math.min(remaining, ATTEMPT.toNanos()));
      SimpleResolver resolver = new SimpleResolver(server);
      resolver.setTimeout(attemptTimeout);
      Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
      CompletableFuture<Message> pending = resolver.sendAsync(question).toCompletableFuture();
      Message response;
      try {
        response = pending.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pending.cancel(false);
        if (!silent.contains(who)) {
          silent.add(who);
        }
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Answer.failed("interrupted while resolving " + display(name));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SocketTimeoutException) {
          if (!silent.contains(who)) {
            silent.add(who);
          }
        } else if (cause instanceof PortUnreachableException) {
          refusals.put(
              server,
              "no DNS server listening at " + who + " for " + display(name) + via(original, name));
        } else {
          refusals.put(
              server,
              "error asking "
                  + who
                  + " for "
                  + display(name)
                  + via(original, name)
                  + ": "
                  + (cause == null ? e.getMessage() : cause.getMessage()));
        }
        continue;
      }
      int rcode = response.getRcode();
      if (rcode == Rcode.NOERROR) {
        return extract(response, name, type, who);
      }
      // RFC 6604: the code is about the last name of the CNAME chain in the answer.
      Name failed = extract(response, name, type, who).end();
      String failure =
          Rcode.string(rcode) + " for " + display(failed) + via(original, failed) + " from " + who;
      if (rcode == Rcode.NXDOMAIN) {
        return Answer.failed(failure);
      }
      refusals.put(server, failure);
    }
  }

  private static Answer extract(Message response, Name question, int type, String server) {
    List<Record> answers = response.getSection(Section.ANSWER);
    Name current = question;
    Set<Name> seen = new HashSet<>();
    boolean moved = true;
    while (moved && seen.add(current)) {
      moved = false;
      for (Record record : answers) {
        if (record instanceof CNAMERecord alias && record.getName().equals(current)) {
          current = alias.getTarget();
          moved = true;
          break;
        }
      }
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (Record record : answers) {
      if (!record.getName().equals(current)) {
        continue;
      }
      if (type == Type.A && record instanceof ARecord a) {
        addresses.add(a.getAddress());
      } else if (type == Type.AAAA && record instanceof AAAARecord aaaa) {
        addresses.add(aaaa.getAddress());
      }
    }
    return new Answer(addresses, current, server, null);
  }

  private String serverList() {
    return String.join(
        ", ", servers.stream().map(s -> IpLiterals.hostPort(s.getAddress(), s.getPort())).toList());
  }

  private static String via(Name original, Name current) {
    return original.equals(current) ? "" : " (via CNAME from " + display(original) + ")";
  }

  private static String display(Name name) {
    return name.toString(true);
  }

  @Override
  public String toString() {
    return "DnsjavaResolver[" + serverList() + (hosts != null ? ", hosts file" : "") + "]";
  }
}
