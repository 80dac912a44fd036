package dev.probefleet.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which software wrote a response (DESIGN §1, "Fingerprints").
 *
 * @param generator the software that wrote the response: one of {@code cloudfront cloudflare akamai
 *     fastly gcp-lb azure-frontdoor azure-appgw alb elb-classic api-gateway nginx apache haproxy
 *     envoy traefik varnish caddy kong iis squid ats heroku unknown}; forks report their parent
 * @param role the role that software usually plays
 * @param passedThrough hops that passed the response on without writing it, outermost first
 * @param meaning what the response means, from vendor codes and page text (may be empty)
 * @param score confidence 0.0–1.0
 * @param signals the signals that fired for the generator
 * @param pageCause the cause the page pins by itself (its software, status and text say, e.g., that
 *     the hop could not connect to its upstream), from the matched meaning's {@code cause}; empty
 *     when the page says nothing that precise. Attribution uses it; {@code explain} does not print
 *     it (DESIGN §3 fixes that output)
 */
public record Fingerprint(
    String generator,
    Role role,
    List<String> passedThrough,
    String meaning,
    double score,
    List<Fingerprint.Signal> signals,
    Optional<Cause> pageCause) {

  /** The generator id for "nobody we know". */
  public static final String UNKNOWN = "unknown";

  /** The role the generating software usually plays. */
  public enum Role {
    CDN,
    LOAD_BALANCER,
    WEB_SERVER,
    APP_SERVER,
    UNKNOWN
  }

  /** Where a signal was found. */
  public enum Where {
    HEADER,
    BODY,
    STATUS
  }

  /**
   * One piece of evidence.
   *
   * @param id stable signal id, e.g. {@code nginx.footer}
   * @param where header, body or status
   * @param weight its weight 0.0–1.0
   */
  public record Signal(String id, Where where, double weight) {
    public Signal {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(where, "where");
    }
  }

  public Fingerprint {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(role, "role");
    passedThrough = List.copyOf(passedThrough);
    meaning = meaning == null ? "" : meaning;
    signals = List.copyOf(signals);
    pageCause = pageCause == null ? Optional.empty() : pageCause;
    if (score < 0.0 || score > 1.0) {
      throw new IllegalArgumentException("score outside 0..1: " + score);
    }
  }

  /** A fingerprint whose page pins no cause. */
  public Fingerprint(
      String generator,
      Role role,
      List<String> passedThrough,
      String meaning,
      double score,
      List<Fingerprint.Signal> signals) {
    this(generator, role, passedThrough, meaning, score, signals, Optional.empty());
  }

  /** "Nobody we know wrote this." */
  public static Fingerprint unknown(List<String> passedThrough) {
    return new Fingerprint(UNKNOWN, Role.UNKNOWN, passedThrough, "", 0.0, List.of());
  }

  public boolean known() {
    return !UNKNOWN.equals(generator);
  }
}
