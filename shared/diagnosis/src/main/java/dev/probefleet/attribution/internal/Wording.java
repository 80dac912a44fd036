package dev.probefleet.attribution.internal;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Layer;
import dev.probefleet.model.ProbeResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The sentences of summaries: what a path did, how layers are named, why a class matters. */
public final class Wording {
  private static final int MAX_QUOTE = 90;

  private Wording() {}

  /** "the CDN", "the load balancer", "the origin", "every origin instance". */
  public static String lower(Node node) {
    String name = node.name();
    return name.startsWith("The ") || name.startsWith("Every ")
        ? Character.toLowerCase(name.charAt(0)) + name.substring(1)
        : name;
  }

  /** "the CDN", "the LB", "the origin": the short form used after a colon. */
  public static String brief(Layer layer) {
    return switch (layer) {
      case CDN -> "the CDN";
      case LOAD_BALANCER -> "the LB";
      case ORIGIN -> "the origin";
      case NETWORK -> "the network";
      case DNS -> "DNS";
      case NONE -> "nothing";
      case INCONCLUSIVE -> "an undetermined layer";
    };
  }

  /** "the CDN", "the load balancer", "the origin", for a layer. */
  public static String layerName(Layer layer) {
    return switch (layer) {
      case CDN -> "the CDN";
      case LOAD_BALANCER -> "the load balancer";
      case ORIGIN -> "the origin";
      case NETWORK -> "the network";
      case DNS -> "DNS";
      case NONE -> "nothing";
      case INCONCLUSIVE -> "an undetermined layer";
    };
  }

  /** "origin[1] (10.0.1.24:8080)". */
  public static String instance(Member member) {
    return member.label() + " (" + member.address() + ")";
  }

  /** "Instance origin[1] (…) refuses the connection and origin[2] (…) times out connecting". */
  public static String instances(List<Member> members) {
    List<String> described = members.stream().map(m -> instance(m) + " " + does(m)).toList();
    return (members.size() == 1 ? "Instance " : "Instances ") + and(described);
  }

  /** What a path's representative sample did, as a verb phrase: "answers 502 (nginx page)". */
  public static String does(Member member) {
    ProbeResult s = member.sample();
    String phrase =
        switch (s.failureClass()) {
          case OK -> "answers " + s.status() + " in " + Timing.human(Timing.waited(s));
          case DNS_FAILURE -> "does not resolve" + detail(s);
          case DNS_UNEXPECTED_ADDRESS -> "resolves outside its expected addresses" + detail(s);
          case CONNECTION_REFUSED -> "refuses the connection";
          case CONNECT_TIMEOUT -> "times out connecting";
          case NETWORK_UNREACHABLE -> "is unreachable" + detail(s);
          case TLS_HANDSHAKE_FAILED -> "fails the TLS handshake" + detail(s);
          case TLS_CERTIFICATE_INVALID -> "presents an invalid certificate" + detail(s);
          case RESPONSE_TIMEOUT -> "sends no response within " + Timing.human(Timing.waited(s));
          case DOWNLOAD_TIMEOUT -> "stalls while sending its body";
          case PREMATURE_CLOSE -> "closes the connection before sending headers";
          case CONNECTION_RESET -> "resets the connection";
          case INVALID_RESPONSE -> "sends an invalid response" + detail(s);
          case OVERSIZED_HEADER -> "sends an oversized header block";
          case BODY_TRUNCATED -> "cuts its body short";
          case HTTP_5XX, HTTP_UNEXPECTED_STATUS -> "answers " + s.status() + page(member);
          case ASSERTION_FAILED ->
              "answers " + s.status() + " with a body that fails the expectation" + detail(s);
        };
    if (member.intermittent()) {
      phrase += " to " + member.failures() + " of " + member.samples() + " requests";
    }
    return phrase;
  }

  /** " (haproxy page: \"No server is available…\")", or "" when nobody known wrote it. */
  public static String page(Member member) {
    Optional<Fingerprint> fp = member.fingerprint().filter(Fingerprint::known);
    if (fp.isEmpty()) {
      return "";
    }
    String meaning = fp.get().meaning().strip();
    return meaning.isEmpty()
        ? " (" + fp.get().generator() + " page)"
        : " (" + fp.get().generator() + " page: \"" + clip(meaning) + "\")";
  }

  /** Why a path failing with this class matters, as a clause about "it". */
  public static String explain(FailureClass failureClass) {
    return switch (failureClass) {
      case OK -> "it answers";
      case DNS_FAILURE -> "its host name does not resolve";
      case DNS_UNEXPECTED_ADDRESS -> "its host name points somewhere unexpected";
      case CONNECTION_REFUSED -> "nothing listens on its port (the service is stopped or crashed)";
      case CONNECT_TIMEOUT -> "it is down or a firewall drops the connection";
      case NETWORK_UNREACHABLE -> "there is no route to it";
      case TLS_HANDSHAKE_FAILED -> "its TLS setup (certificate, protocol, SNI) is broken";
      case TLS_CERTIFICATE_INVALID ->
          "its certificate is expired, does not cover the name, or is not trusted";
      case RESPONSE_TIMEOUT -> "it hangs or is overloaded";
      case DOWNLOAD_TIMEOUT -> "it stalls in the middle of its body";
      case PREMATURE_CLOSE -> "it closes the connection (or crashes) before answering";
      case CONNECTION_RESET -> "it resets connections";
      case INVALID_RESPONSE -> "it sends malformed HTTP";
      case OVERSIZED_HEADER -> "its header block exceeds the probe's limit";
      case BODY_TRUNCATED -> "it cuts its body short";
      case HTTP_5XX -> "it fails the request itself";
      case HTTP_UNEXPECTED_STATUS ->
          "a status outside the expected ones, often a routing rule or a Host it does not serve";
      case ASSERTION_FAILED -> "it serves content other than expected";
    };
  }

  /** "the CDN, the load balancer or the origin". */
  public static String alternatives(List<Layer> layers) {
    List<String> names = layers.stream().map(Wording::layerName).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  /** "a, b and c". */
  public static String and(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** "9.5 KiB". */
  public static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }

  /** Upper-cases the first letter. */
  public static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String detail(ProbeResult s) {
    return s.detail().isBlank() ? "" : " (" + clip(s.detail().strip()) + ")";
  }

  private static String clip(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_QUOTE ? oneLine : oneLine.substring(0, MAX_QUOTE - 3) + "...";
  }
}
