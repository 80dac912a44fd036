package dev.probefleet.alert.internal;

import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.CertificateFacts;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.Severity;
import dev.probefleet.report.EvidenceText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The sentences of certificate alerts: one summary an on-call engineer can act on without opening
 * anything (which certificate, on which hop, when it ends), and a finding that carries the full
 * facts (the whole sha256, to compare with what is deployed). ASCII only, so the e-mail text needs
 * no replacements.
 */
public final class CertificateWording {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final int SHORT_SHA = 12;
  private static final int MAX_INSTEAD = 3;

  private CertificateWording() {}

  /**
   * {@code The certificate served on shop's load balancer (CN=shop.example.com, sha256
   * ab12cd34ef56..., issued by CN=R11) expires in 9 days, on 2026-12-14 08:00 UTC.}, or for a
   * RESOLVED transition why it resolved.
   */
  public static String summary(Transition transition, CertificateFacts facts) {
    String served =
        "The certificate served on "
            + where(transition.target(), facts, transition.signature())
            + " ("
            + ascii(facts.subject())
            + ", sha256 "
            + shortSha(facts.sha256())
            + ", issued by "
            + ascii(facts.issuer());
    if (transition.kind() != TransitionKind.RESOLVED) {
      return served + ") " + timeLeft(facts) + ".";
    }
    served += ", ending " + WHEN.format(facts.notAfter()) + ")";
    CertificateFacts.Resolution why =
        facts.resolution().orElse(CertificateFacts.Resolution.REPLACED);
    if (why == CertificateFacts.Resolution.PATH_REMOVED) {
      return served
          + " is no longer watched: the "
          + facts.path()
          + " path was removed from the configuration; incident resolved.";
    }
    if (facts.servedInstead().isEmpty()) {
      return served + " is no longer served: incident resolved.";
    }
    return served + " has been replaced: incident resolved; it now serves " + instead(facts) + ".";
  }

  /** The full facts, as a finding on the certificate's path. */
  public static Finding finding(Transition transition, CertificateFacts facts) {
    Signature s = transition.signature();
    StringBuilder text =
        new StringBuilder("Certificate on ")
            .append(facts.path())
            .append(": subject ")
            .append(ascii(facts.subject()))
            .append("; issuer ")
            .append(ascii(facts.issuer()))
            .append("; sha256 ")
            .append(facts.sha256())
            .append("; not after ")
            .append(facts.notAfter())
            .append('.');
    for (CertificateInfo c : facts.servedInstead()) {
      text.append(" Now served: ")
          .append(ascii(c.subject()))
          .append("; sha256 ")
          .append(c.sha256())
          .append("; not after ")
          .append(c.notAfter())
          .append('.');
    }
    return new Finding(
        s.layer(),
        s.cause(),
        transition.kind() == TransitionKind.RESOLVED ? Severity.INFO : Severity.WARN,
        text.toString(),
        Optional.of(facts.path()),
        s.regions());
  }

  /** "shop's load balancer", "shop's CDN to eu-west-1", "shop's origin instance origin[1]". */
  private static String where(String target, CertificateFacts facts, Signature s) {
    String hop =
        switch (facts.kind()) {
          case CDN -> "CDN";
          case LB -> "load balancer";
          case ORIGIN -> "origin instance " + facts.path();
        };
    String to = s.scope() == Scope.REGIONAL ? " to " + String.join(", ", s.regions()) : "";
    return ascii(target) + "'s " + hop + to;
  }

  /** "expires in 9 days, on …", "expires in less than a day, on …", "expired 2 days ago, on …". */
  private static String timeLeft(CertificateFacts facts) {
    String on = ", on " + WHEN.format(facts.notAfter());
    if (facts.expired()) {
      long ago = Duration.between(facts.notAfter(), facts.at()).toDays();
      return "expired " + (ago == 0 ? "less than a day" : days(ago)) + " ago" + on;
    }
    long left = Duration.between(facts.at(), facts.notAfter()).toDays();
    return "expires in " + (left == 0 ? "less than a day" : days(left)) + on;
  }

  private static String instead(CertificateFacts facts) {
    List<CertificateInfo> all = facts.servedInstead();
    List<String> named =
        all.stream()
            .limit(MAX_INSTEAD)
            .map(
                c ->
                    ascii(c.subject())
                        + " (sha256 "
                        + shortSha(c.sha256())
                        + ", until "
                        + until(c.notAfter())
                        + ")")
            .toList();
    String text = String.join(" and ", named);
    return all.size() > MAX_INSTEAD ? text + " and " + (all.size() - MAX_INSTEAD) + " more" : text;
  }

  private static String until(Instant notAfter) {
    return WHEN.format(notAfter);
  }

  private static String days(long n) {
    return n + (n == 1 ? " day" : " days");
  }

  private static String shortSha(String sha256) {
    return sha256.length() <= SHORT_SHA ? sha256 : sha256.substring(0, SHORT_SHA) + "...";
  }

  /** Certificate names may carry anything; alerts stay printable ASCII. */
  private static String ascii(String text) {
    return EvidenceText.ascii(text);
  }
}
