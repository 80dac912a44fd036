package dev.probefleet.runbook.internal;

import static dev.probefleet.runbook.internal.Template.run;
import static dev.probefleet.runbook.internal.Template.say;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The classic 502 checklist, arranged per (layer, cause): logs of each hop, a direct request to the
 * backend, listening sockets, TLS with SNI, DNS, firewalls and security groups, resources and OOM
 * kills, restarts, timeouts on both sides, buffers, worker pools and health checks. {@code this} is
 * the failing hop, {@code below} the hop it talks to.
 */
public final class Checklist {
  private Checklist() {}

  /** The ordered step templates; never empty. */
  public static List<Template> steps(Layer layer, Cause cause) {
    List<Template> steps =
        switch (layer) {
          case NONE -> List.of(say("Nothing to do: every path answers normally."));
          case DNS -> dns(cause);
          case NETWORK -> network();
          case INCONCLUSIVE -> inconclusive(cause);
          case ORIGIN -> origin(cause);
          case CDN, LOAD_BALANCER -> proxy(layer, cause);
        };
    return List.copyOf(new LinkedHashSet<>(steps));
  }

  private static List<Template> proxy(Layer layer, Cause cause) {
    return switch (cause) {
      case UPSTREAM_CONNECT_FAILED ->
          List.of(
              logs(
                  layer,
                  "connect errors (nginx \"connect() failed (111: Connection refused) while"
                      + " connecting to upstream\", HAProxy termination state SC--, ALB"
                      + " target_status_code \"-\", CloudFront OriginConnectError)"),
              directBelow(),
              say(
                  "Compare the upstream address and port configured in "
                      + name(layer)
                      + " (nginx upstream/proxy_pass, HAProxy server line, target group port,"
                      + " CloudFront origin domain and port) with where {below.label} really"
                      + " listens."),
              run(
                  "On {below.ip}, list the listening sockets and the process behind each.",
                  "ss -ltnp 'sport = :{below.port}'"),
              tcpFrom(layer),
              firewall(layer),
              run(
                  "If "
                      + name(layer)
                      + " reaches its upstream by name (origin domain, target, server line),"
                      + " resolve that name as it does.",
                  "dig +short {below.name}"));
      case NO_HEALTHY_UPSTREAM ->
          List.of(
              health(layer),
              run(
                  "Request the health check path on {below.label} directly and compare its"
                      + " status and latency with the health check's matcher, timeout and"
                      + " thresholds.",
                  curlTimed("below")),
              say(
                  "Check the health check's port and protocol: it must reach the port the"
                      + " backend serves on (a changed container port or a TLS-only backend"
                      + " fails every check)."),
              firewall(layer),
              restarts("below"),
              logs(layer, "health check failures and the reason given for each backend"));
      case UPSTREAM_TIMEOUT ->
          List.of(
              run(
                  "Measure how long {below.label} takes to answer directly, phase by phase.",
                  curlTimed("below")),
              timeouts(layer),
              logs(
                  layer,
                  "timeouts (nginx \"upstream timed out (110: Connection timed out) while reading"
                      + " response header from upstream\", HAProxy termination state sH--, ALB"
                      + " 504 with target_processing_time -1, CloudFront OriginReadTimeout)"),
              resources("below"),
              workers("below"),
              say(
                  "Raise "
                      + name(layer)
                      + "'s timeout only if the backend's latency is expected; otherwise fix the"
                      + " slow backend (slow queries, exhausted connection pools, a stuck"
                      + " dependency)."));
      case UPSTREAM_TLS_FAILED ->
          List.of(
              tlsTo("below"),
              certificate("below"),
              say(
                  "Check what "
                      + name(layer)
                      + " sends and trusts upstream: nginx proxy_ssl_server_name on and"
                      + " proxy_ssl_name, proxy_ssl_trusted_certificate; HAProxy \"ssl sni"
                      + " req.hdr(host) verify required ca-file\"; CloudFront origin protocol"
                      + " policy and origin SSL protocols; Cloudflare SSL mode Full (strict)"
                      + " needs a valid certificate for the origin's name."),
              run(
                  "Check that the protocol versions overlap.",
                  "openssl s_client -connect {below.ip}:{below.port} -servername {below.host}"
                      + " -tls1_2 </dev/null"),
              logs(layer, "SSL handshake errors towards the upstream"));
      case UPSTREAM_HEADER_TOO_LARGE ->
          List.of(
              run(
                  "Measure the header block {below.label} sends (bytes, then the largest"
                      + " headers).",
                  "curl -s -o /dev/null -D - --resolve"
                      + " {below.host}:{below.port}:{below.ip} {below.scheme}://{below.host}:"
                      + "{below.port}{below.target} | wc -c"),
              buffers(layer),
              logs(layer, "\"upstream sent too big header while reading response header\""),
              say(
                  "Shrink what the application sends: oversized Set-Cookie values, large tokens"
                      + " or debug headers."));
      case INTERMITTENT_5XX ->
          List.of(
              logs(layer, "which backend each 5xx came from and whether they cluster in time"),
              keepAlive(layer),
              run(
                  "Request {below.label} directly twenty times and count the statuses.",
                  "for i in $(seq 20); do curl -s -o /dev/null -w '%{{http_code}}\\n' --resolve"
                      + " {below.host}:{below.port}:{below.ip} {below.scheme}://{below.host}:"
                      + "{below.port}{below.target}; done | sort | uniq -c"),
              health(layer),
              workers("below"),
              resources("below"));
      case HTTP_5XX, UNKNOWN ->
          List.of(
              logs(layer, "the status code and the upstream status logged for the request"),
              directBelow(),
              run(
                  "Request {this.label} with full detail and compare its error page with the"
                      + " direct answer.",
                  curlVerbose("this")),
              workers("this"),
              restarts("this"),
              resources("this"));
      case CERTIFICATE_EXPIRING -> certificateExpiring();
      case TLS_CERTIFICATE_INVALID ->
          List.of(
              certificate("this"),
              tlsTo("this"),
              say(
                  "Compare the certificate's names with the SNI {this.host}; install a"
                      + " certificate that covers it, with its full chain (intermediates"
                      + " included)."),
              renewal());
      default -> ownFailure(layer, cause);
    };
  }

  /** A CDN or load balancer that fails itself, below HTTP or with an unexpected answer. */
  private static List<Template> ownFailure(Layer layer, Cause cause) {
    List<Template> steps = new ArrayList<>();
    switch (cause) {
      case CONNECTION_REFUSED -> {
        steps.add(
            say(
                "Check that "
                    + name(layer)
                    + " has a listener on port {this.port} (ALB: aws elbv2 describe-listeners;"
                    + " self-hosted: the bind lines)."));
        steps.add(
            run(
                "On a self-hosted proxy, list the listening sockets.",
                "ss -ltnp 'sport = :{this.port}'"));
        steps.add(restarts("this"));
        steps.add(dnsPoints());
      }
      case CONNECT_TIMEOUT, NETWORK_UNREACHABLE -> {
        steps.add(
            run("Test a TCP connection to {this.label}.", "nc -vz -w 5 {this.ip} {this.port}"));
        steps.add(run("Trace the route on its port.", "traceroute -T -p {this.port} {this.ip}"));
        steps.add(
            say(
                "Check the security groups and network ACLs in front of "
                    + name(layer)
                    + ": port {this.port} must be open to clients."));
        steps.add(dnsPoints());
        steps.add(
            say("Check the provider's status page for an outage in the region or edge location."));
      }
      case TLS_HANDSHAKE_FAILED -> {
        steps.add(tlsTo("this"));
        steps.add(
            say(
                "Check the listener's TLS policy (protocols and ciphers) and that a certificate"
                    + " for {this.host} is attached for SNI."));
        steps.add(certificate("this"));
        steps.add(logs(layer, "TLS handshake errors"));
      }
      case RESPONSE_TIMEOUT, DOWNLOAD_TIMEOUT, BODY_TRUNCATED -> {
        steps.add(run("Time a full request to {this.label}.", curlTimed("this")));
        steps.add(run("Time the same request to {below.label} directly.", curlTimed("below")));
        steps.add(timeouts(layer));
        steps.add(workers("this"));
        steps.add(resources("this"));
        steps.add(
            say(
                "For stalled or cut bodies: check proxy buffering to disk (nginx"
                    + " proxy_max_temp_file_size, free space on its temp path) and upstream"
                    + " resets mid-body."));
        steps.add(logs(layer, "\"upstream prematurely closed connection while reading upstream\""));
      }
      case PREMATURE_CLOSE, CONNECTION_RESET, INVALID_RESPONSE, OVERSIZED_HEADER -> {
        steps.add(
            run(
                "Capture the raw exchange with {this.label}.",
                "curl -sv --http1.1 -o /dev/null " + resolve("this")));
        steps.add(logs(layer, "crashes, worker exits and connection limit messages"));
        steps.add(restarts("this"));
        steps.add(resources("this"));
        steps.add(workers("this"));
        steps.add(directBelow());
      }
      case HTTP_UNEXPECTED_STATUS, ASSERTION_FAILED -> {
        steps.add(run("Look at the full answer of {this.label}.", curlVerbose("this")));
        steps.add(
            say(
                "Check the routing for Host {this.host}: listener rules, CDN behaviours and"
                    + " origins, server_name blocks, and WAF rules that answer 403."));
        steps.add(directBelow());
        steps.add(
            say("If the content is stale, check the cache (X-Cache, Age) and purge the path."));
        steps.add(logs(layer, "the rule or backend that produced the answer"));
      }
      default -> {
        steps.add(logs(layer, "errors for the request"));
        steps.add(directBelow());
        steps.add(resources("this"));
      }
    }
    return steps;
  }

  private static List<Template> origin(Cause cause) {
    return switch (cause) {
      case CONNECTION_REFUSED ->
          List.of(
              run(
                  "On {this.ip}, check that something listens on port {this.port}.",
                  "ss -ltnp 'sport = :{this.port}'"),
              restarts("this"),
              resources("this"),
              logs(Layer.ORIGIN, "why the server stopped or failed to start"),
              say(
                  "Compare the port the load balancer's target group (or upstream) uses with the"
                      + " port the service listens on; a host firewall REJECT rule also refuses."));
      case CONNECT_TIMEOUT, NETWORK_UNREACHABLE ->
          List.of(
              say(
                  "Check that the instance {this.ip} is running and passes its status checks (aws"
                      + " ec2 describe-instance-status)."),
              run(
                  "From the load balancer's subnet, test a TCP connection.",
                  "nc -vz -w 5 {this.ip} {this.port}"),
              say(
                  "Check the instance's security group (the load balancer's group must be"
                      + " allowed on port {this.port}), the subnet's network ACL and the host"
                      + " firewall (iptables -L -n, nft list ruleset)."),
              resources("this"));
      case TLS_HANDSHAKE_FAILED, TLS_CERTIFICATE_INVALID ->
          List.of(tlsTo("this"), certificate("this"), renewal(), logs(Layer.ORIGIN, "TLS errors"));
      case RESPONSE_TIMEOUT, DOWNLOAD_TIMEOUT, BODY_TRUNCATED ->
          List.of(
              run("Time a request to {this.label} directly.", curlTimed("this")),
              run(
                  "See what the application is doing: a thread dump (Java) or a stack sample.",
                  "jstack <pid> | less   # or: py-spy dump --pid <pid>"),
              workers("this"),
              resources("this"),
              say(
                  "Check the application's dependencies: slow database queries, an exhausted"
                      + " connection pool, a remote call without a timeout."),
              logs(Layer.ORIGIN, "slow requests and timeouts"));
      case PREMATURE_CLOSE, CONNECTION_RESET ->
          List.of(
              logs(Layer.ORIGIN, "crashes and unhandled exceptions at the time of the request"),
              resources("this"),
              restarts("this"),
              workers("this"),
              run(
                  "Capture the raw exchange.",
                  "curl -sv --http1.1 -o /dev/null " + resolve("this")));
      case INVALID_RESPONSE, OVERSIZED_HEADER ->
          List.of(
              run(
                  "Capture the raw response and look at its status line and header lines.",
                  "printf 'GET {this.target} HTTP/1.1\\r\\nHost: {this.host}\\r\\nConnection:"
                      + " close\\r\\n\\r\\n' | nc {this.ip} {this.port} | head -c 16384 | cat -A"
                      + " | head -40"),
              say(
                  "Look for header names with spaces, values with bare CR or LF, non-ASCII"
                      + " bytes, or a header block above the proxies' buffer sizes."),
              say("Check what was deployed recently and roll it back if the answer changed."),
              logs(Layer.ORIGIN, "errors while writing the response"));
      case UPSTREAM_APP_DOWN ->
          List.of(
              logs(
                  Layer.ORIGIN,
                  "the web server's error log: \"connect() failed (111: Connection refused) while"
                      + " connecting to upstream\" (nginx), AH01102 or AH00957 (Apache)"),
              run(
                  "Check the application server behind the web server: its service and its"
                      + " socket.",
                  "systemctl status <app-service>; ss -ltnp | grep -E ':(3000|5000|8000|8080|9000)'"),
              restarts("this"),
              resources("this"),
              workers("this"));
      case UPSTREAM_TIMEOUT ->
          List.of(
              say(
                  "Compare the origin web server's timeout towards its application"
                      + " (proxy_read_timeout, fastcgi_read_timeout, ProxyTimeout) with how long"
                      + " the application takes."),
              run("Time a request to {this.label} directly.", curlTimed("this")),
              workers("this"),
              resources("this"),
              logs(Layer.ORIGIN, "\"upstream timed out\" and slow requests"));
      case INSTANCE_DEGRADED ->
          List.of(
              say(
                  "The failing instance is {this.label} ({this.ip}:{this.port}); the others"
                      + " answer."),
              health(Layer.LOAD_BALANCER),
              say(
                  "Make the health check exercise the application (a path that touches its"
                      + " dependencies), so a broken instance leaves rotation by itself."),
              logs(Layer.ORIGIN, "errors on that instance"),
              resources("this"),
              restarts("this"),
              say("Drain and replace the instance if it does not recover."));
      case INTERMITTENT_5XX ->
          List.of(
              run(
                  "Request {this.label} directly twenty times and count the statuses.",
                  "for i in $(seq 20); do curl -s -o /dev/null -w '%{{http_code}}\\n' "
                      + resolve("this")
                      + "; done | sort | uniq -c"),
              logs(Layer.ORIGIN, "the failing requests' errors"),
              workers("this"),
              resources("this"),
              keepAlive(Layer.LOAD_BALANCER));
      case HTTP_5XX, UNKNOWN ->
          List.of(
              logs(Layer.ORIGIN, "the exception or error behind the 5xx"),
              say("Check what was deployed recently; roll back if the errors started with it."),
              say("Check the application's dependencies (database, caches, remote APIs)."),
              resources("this"),
              restarts("this"));
      case HTTP_UNEXPECTED_STATUS, ASSERTION_FAILED ->
          List.of(
              run("Look at the full answer.", curlVerbose("this")),
              say(
                  "Check the application's routing for Host {this.host} and path"
                      + " {this.target}, and what the health endpoint is meant to return."),
              logs(Layer.ORIGIN, "the handler that answered"));
      case CERTIFICATE_EXPIRING -> certificateExpiring();
      default ->
          List.of(
              logs(Layer.ORIGIN, "errors for the request"),
              run("Request {this.label} directly.", curlVerbose("this")),
              resources("this"));
    };
  }

  private static List<Template> dns(Cause cause) {
    List<Template> steps = new ArrayList<>();
    steps.add(
        run(
            "Resolve the name the way the probe does, and through a public resolver.",
            "dig +short {this.host}; dig +short {this.host} @1.1.1.1"));
    if (cause == Cause.DNS_UNEXPECTED_ADDRESS) {
      steps.add(
          say(
              "Compare the answers with the path's expectAddresses: a changed record, a"
                  + " dangling CNAME to a released resource, or a split-horizon view answering"
                  + " differently."));
      steps.add(run("Follow the delegation and see who answers what.", "dig +trace {this.host}"));
      steps.add(
          say(
              "Check the record's recent changes in the zone (Route 53 change history) and its"
                  + " TTL; fix the record or update expectAddresses if the change was"
                  + " intended."));
    } else {
      steps.add(run("Follow the delegation from the root.", "dig +trace {this.host}"));
      steps.add(
          say(
              "NXDOMAIN: check that the record exists in the hosted zone (aws route53"
                  + " list-resource-record-sets) and that the zone is delegated (NS records at"
                  + " the parent)."));
      steps.add(
          run(
              "SERVFAIL: check DNSSEC validation and the authoritative servers.",
              "dig +dnssec {this.host}; delv {this.host}"));
      steps.add(
          say(
              "Timeouts: check that the prober can reach its resolver (VPC resolver, security"
                  + " group egress on port 53)."));
    }
    return steps;
  }

  private static List<Template> network() {
    return List.of(
        say(
            "The prober cannot reach {this.label} ({this.ip}:{this.port}) although the layer in"
                + " front of it can. If the address is private, limit the path to regions inside"
                + " its VPC with probeFrom, or run the probe function in that VPC."),
        say(
            "Check the probe function's VPC setup: subnets, route tables, and its security"
                + " group's egress to port {this.port}."),
        say(
            "Check the target's security group and network ACL: the prober's security group or"
                + " subnet must be allowed on port {this.port}."),
        run(
            "From a host in the prober's subnet, trace the route on the port.",
            "traceroute -T -p {this.port} {this.ip}"),
        run("And test a TCP connection.", "nc -vz -w 5 {this.ip} {this.port}"));
  }

  private static List<Template> inconclusive(Cause cause) {
    List<Template> steps = new ArrayList<>();
    steps.add(
        say(
            "Add the missing paths (lb, origin) to the targets file, so the next round can tell"
                + " the layers apart: a layer is blamed only when the one below it is probed."));
    steps.add(
        run(
            "Meanwhile, request the failing path with full detail and note who wrote the error"
                + " page.",
            curlVerbose("this")));
    steps.add(
        run(
            "If you know the next hop's address, request it directly.",
            "curl -sv -o /dev/null --resolve {this.host}:{below.port}:{below.ip}"
                + " {below.scheme}://{this.host}:{below.port}{this.target}"));
    steps.add(
        say(
            "Read the logs of each candidate layer for request id {this.request_id}"
                + " (X-Amz-Cf-Id {cf_id}, CF-Ray {cf_ray}, X-Amzn-Trace-Id {trace_id})."));
    if (cause == Cause.INTERMITTENT_5XX) {
      steps.add(keepAlive(Layer.LOAD_BALANCER));
    } else if (cause == Cause.RESPONSE_TIMEOUT || cause == Cause.DOWNLOAD_TIMEOUT) {
      steps.add(timeouts(Layer.LOAD_BALANCER));
    } else if (cause == Cause.TLS_HANDSHAKE_FAILED || cause == Cause.TLS_CERTIFICATE_INVALID) {
      steps.add(tlsTo("this"));
    }
    return steps;
  }

  private static List<Template> certificateExpiring() {
    return List.of(
        certificate("this"),
        renewal(),
        say(
            "After renewing, deploy the certificate to every place that serves {this.host} (CDN,"
                + " load balancer listeners, origins) and check the chain again."));
  }

  private static Template logs(Layer layer, String lookFor) {
    String where =
        switch (layer) {
          case CDN ->
              "Read the CDN's logs for this request (CloudFront standard or real-time logs by"
                  + " X-Amz-Cf-Id {cf_id}; Cloudflare by CF-Ray {cf_ray}; Fastly and Akamai by the"
                  + " reference on the error page)";
          case LOAD_BALANCER ->
              "Read the load balancer's logs for this request (ALB access logs by"
                  + " X-Amzn-Trace-Id {trace_id}: elb_status_code, target_status_code,"
                  + " error_reason; HAProxy: the termination state; nginx or Envoy: the error"
                  + " log)";
          default ->
              "Read the web server and application logs on {this.ip} for X-Request-ID"
                  + " {this.request_id}";
        };
    if (layer == Layer.ORIGIN) {
      return run(
          where + "; look for " + lookFor + ".",
          "grep -r '{this.request_id}' /var/log/ 2>/dev/null | tail");
    }
    return say(where + "; look for " + lookFor + ".");
  }

  private static Template directBelow() {
    return run(
        "Request {below.label} directly, bypassing the failing hop: if it answers, the fault is"
            + " between the two.",
        curlVerbose("below"));
  }

  private static Template tcpFrom(Layer layer) {
    return run(
        "From "
            + name(layer)
            + "'s network (a host in its subnet), open a TCP connection upstream.",
        "nc -vz -w 5 {below.ip} {below.port}");
  }

  private static Template firewall(Layer layer) {
    return say(
        "Check the firewalls between "
            + name(layer)
            + " and {below.label}: security group ingress on port {below.port} from "
            + (layer == Layer.CDN
                ? "the CDN's address ranges (CloudFront managed prefix list)"
                : "the load balancer's security group")
            + ", network ACLs both ways (ephemeral ports too), host firewalls.");
  }

  private static Template health(Layer layer) {
    return run(
        "Read "
            + name(layer)
            + "'s view of its backends' health (ALB target group health; HAProxy \"show servers"
            + " state\"; Envoy /clusters).",
        "aws elbv2 describe-target-health --target-group-arn <target-group-arn>   # HAProxy: echo"
            + " 'show servers state' | socat stdio /run/haproxy/admin.sock");
  }

  private static Template timeouts(Layer layer) {
    return say(
        "Compare "
            + name(layer)
            + "'s timeouts with the backend's latency: nginx proxy_connect_timeout and"
            + " proxy_read_timeout, HAProxy timeout connect and timeout server, ALB idle timeout,"
            + " CloudFront origin response timeout (30 s by default), Cloudflare's 100 s.");
  }

  private static Template keepAlive(Layer layer) {
    return say(
        "Check the keep-alive race: the backend's keep-alive timeout must be longer than "
            + name(layer)
            + "'s idle timeout (ALB 60 s by default; nginx keepalive_timeout, Node"
            + " server.keepAliveTimeout, gunicorn --keep-alive on the backend), or the backend"
            + " closes connections the proxy is about to reuse.");
  }

  private static Template buffers(Layer layer) {
    return say(
        "Compare with "
            + name(layer)
            + "'s buffers: nginx proxy_buffer_size and proxy_buffers (4 or 8 KiB by default),"
            + " HAProxy tune.bufsize minus tune.maxrewrite, the CDN's documented response header"
            + " limit.");
  }

  private static Template workers(String hop) {
    return say(
        "Check the worker pools on {"
            + hop
            + ".label}: nginx worker_connections, HAProxy maxconn, php-fpm pm.max_children"
            + " (\"server reached pm.max_children\"), gunicorn or puma workers, Tomcat maxThreads,"
            + " database connection pools.");
  }

  private static Template resources(String hop) {
    return run(
        "On {" + hop + ".ip}, look for OOM kills, full disks and saturated CPU or memory.",
        "dmesg -T | grep -iE 'out of memory|killed process'; df -h; free -m; uptime");
  }

  private static Template restarts(String hop) {
    return run(
        "On {" + hop + ".ip}, check for recent restarts and crash loops of the service.",
        "systemctl status <service>; journalctl -u <service> --since '-1 hour' | tail -50");
  }

  private static Template tlsTo(String hop) {
    return run(
        "Do the TLS handshake by hand with the right SNI and read the result and chain.",
        "openssl s_client -connect {"
            + hop
            + ".ip}:{"
            + hop
            + ".port} -servername {"
            + hop
            + ".host} -showcerts </dev/null");
  }

  private static Template certificate(String hop) {
    return run(
        "Read the certificate's names, issuer and expiry as {" + hop + ".label} serves it.",
        "openssl s_client -connect {"
            + hop
            + ".ip}:{"
            + hop
            + ".port} -servername {"
            + hop
            + ".host} </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -enddate"
            + " -ext subjectAltName");
  }

  private static Template renewal() {
    return say(
        "Check why renewal did not happen: ACM (aws acm describe-certificate: RenewalSummary,"
            + " DNS validation records), certbot (certbot certificates, its timer), cert-manager"
            + " (kubectl describe certificate).");
  }

  private static Template dnsPoints() {
    return run(
        "Check that {this.host} points to this load balancer or CDN at all.",
        "dig +short {this.host}");
  }

  private static String curlVerbose(String hop) {
    return "curl -sv -o /dev/null " + resolve(hop);
  }

  private static String curlTimed(String hop) {
    return "curl -s -o /dev/null -w 'dns %{{time_namelookup}} connect %{{time_connect}} tls"
        + " %{{time_appconnect}} ttfb %{{time_starttransfer}} total %{{time_total}}\\n' "
        + resolve(hop);
  }

  private static String resolve(String hop) {
    return "--resolve {"
        + hop
        + ".host}:{"
        + hop
        + ".port}:{"
        + hop
        + ".ip} {"
        + hop
        + ".scheme}://{"
        + hop
        + ".host}:{"
        + hop
        + ".port}{"
        + hop
        + ".target}";
  }

  private static String name(Layer layer) {
    return switch (layer) {
      case CDN -> "the CDN";
      case LOAD_BALANCER -> "the load balancer";
      default -> "the origin";
    };
  }
}
