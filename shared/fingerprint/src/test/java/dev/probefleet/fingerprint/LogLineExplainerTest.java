package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.model.Cause;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every phrase, termination state, response flag and error id the explainer promises, as lines the
 * software writes; then the lines recorded with the real captures.
 */
class LogLineExplainerTest {
  private static final Pattern UNFILLED = Pattern.compile("(?<!%)\\{[A-Za-z]+}");
  private final LogLineExplainer explainer = LogLineExplainer.defaults();

  private static final String NGINX = "2026/11/24 09:31:28 [error] 17519#17519: *11 ";
  private static final String NGINX_TAIL =
      ", client: 192.0.2.10, server: shop.example.com, request: \"GET /health HTTP/1.1\", upstream: \"http://10.0.1.23:8080/health\", host: \"shop.example.com\"";

  @ParameterizedTest(name = "{1} {2}")
  @CsvSource(
      delimiterString = "¦",
      quoteCharacter = '`',
      textBlock =
          """
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.refused                ¦ connect() failed (111: Connection refused) while connecting to upstream
          nginx ¦ PREMATURE_CLOSE           ¦ nginx.premature-close-headers ¦ upstream prematurely closed connection while reading response header from upstream
          nginx ¦ PREMATURE_CLOSE           ¦ nginx.premature-close-headers ¦ upstream prematurely closed FastCGI stdout while reading response header from upstream
          nginx ¦ BODY_TRUNCATED            ¦ nginx.premature-close-body   ¦ upstream prematurely closed connection while reading upstream
          nginx ¦ INVALID_RESPONSE          ¦ nginx.invalid-header         ¦ upstream sent invalid header: "this\\x20..." while reading response header from upstream
          nginx ¦ INVALID_RESPONSE          ¦ nginx.invalid-header         ¦ upstream sent no valid HTTP/1.0 header while reading response header from upstream
          nginx ¦ UPSTREAM_HEADER_TOO_LARGE ¦ nginx.too-big-header         ¦ upstream sent too big header while reading response header from upstream
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.connect-timeout        ¦ upstream timed out (110: Connection timed out) while connecting to upstream
          nginx ¦ UPSTREAM_TIMEOUT          ¦ nginx.read-timeout           ¦ upstream timed out (110: Connection timed out) while reading response header from upstream
          nginx ¦ UPSTREAM_TIMEOUT          ¦ nginx.send-timeout           ¦ upstream timed out (110: Connection timed out) while sending request to upstream
          nginx ¦ NO_HEALTHY_UPSTREAM       ¦ nginx.no-live-upstreams      ¦ no live upstreams while connecting to upstream
          nginx ¦ UPSTREAM_APP_DOWN         ¦ nginx.unix-socket-missing    ¦ connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream
          nginx ¦ UPSTREAM_APP_DOWN         ¦ nginx.unix-socket-refused    ¦ connect() to unix:/run/gunicorn.sock failed (111: Connection refused) while connecting to upstream
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.unix-socket-busy       ¦ connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.permission-denied      ¦ connect() to unix:/run/app.sock failed (13: Permission denied) while connecting to upstream
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.permission-denied      ¦ connect() to 10.0.1.23:8080 failed (13: Permission denied) while connecting to upstream
          nginx ¦ CONNECTION_RESET          ¦ nginx.reset-before-headers   ¦ recv() failed (104: Connection reset by peer) while reading response header from upstream
          nginx ¦ CONNECTION_RESET          ¦ nginx.reset                  ¦ readv() failed (104: Connection reset by peer) while reading upstream
          nginx ¦ CONNECTION_RESET          ¦ nginx.broken-pipe            ¦ writev() failed (32: Broken pipe) while sending request to upstream
          nginx ¦ UPSTREAM_CONNECT_FAILED   ¦ nginx.unreachable            ¦ connect() failed (113: No route to host) while connecting to upstream
          nginx ¦ UPSTREAM_TLS_FAILED       ¦ nginx.ssl-handshake          ¦ SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream
          nginx ¦ UPSTREAM_TLS_FAILED       ¦ nginx.ssl-verify             ¦ upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream
          nginx ¦ UPSTREAM_TLS_FAILED       ¦ nginx.ssl-verify             ¦ upstream SSL certificate does not match "api.internal" while SSL handshaking to upstream
          nginx ¦ DNS_FAILURE               ¦ nginx.no-resolver            ¦ no resolver defined to resolve api.internal.example.com
          nginx ¦ DNS_FAILURE               ¦ nginx.not-resolved           ¦ api.internal.example.com could not be resolved (3: Host not found)
          nginx ¦ HTTP_UNEXPECTED_STATUS    ¦ nginx.body-too-large         ¦ client intended to send too large body: 10485761 bytes
          """)
  void nginxErrorLogPhrases(String software, Cause cause, String rule, String phrase) {
    LogLineExplanation e = explainer.explain(NGINX + phrase + NGINX_TAIL);

    assertThat(e.software()).isEqualTo(software);
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.meaning()).isNotBlank();
    assertThat(e.nextSteps()).isNotEmpty().noneMatch(s -> UNFILLED.matcher(s).find());
  }

  @Test
  void nginxNextStepsCarryTheUpstreamFromTheLine() {
    LogLineExplanation e =
        explainer.explain(
            NGINX
                + "connect() failed (111: Connection refused) while connecting to upstream"
                + NGINX_TAIL);

    assertThat(e.nextSteps())
        .anyMatch(s -> s.contains("ss -ltnp") && s.contains("10.0.1.23") && s.contains(":8080"))
        .anyMatch(s -> s.contains("curl -v http://10.0.1.23:8080/"));
  }

  @Test
  void nginxSocketPathsAreFilledIn() {
    LogLineExplanation e =
        explainer.explain(
            NGINX
                + "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 192.0.2.10, server: _, request: \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"shop.example.com\"");

    assertThat(e.nextSteps()).anyMatch(s -> s.startsWith("ls -l /run/php/php8.2-fpm.sock"));
  }

  private static final String HAPROXY_PREFIX =
      "Nov 24 09:31:31 lb1 haproxy[1234]: 192.0.2.10:55226 [24/Nov/2026:09:31:31.453] www~ be_app/";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiterString = "¦",
      textBlock =
          """
          SC-- ¦ app1     ¦ 503 ¦ UPSTREAM_CONNECT_FAILED ¦ haproxy.state.SC
          SC-- ¦ <NOSRV>  ¦ 503 ¦ NO_HEALTHY_UPSTREAM     ¦ haproxy.state.SC.NOSRV
          sC-- ¦ app1     ¦ 503 ¦ UPSTREAM_CONNECT_FAILED ¦ haproxy.state.sC
          sH-- ¦ app1     ¦ 504 ¦ UPSTREAM_TIMEOUT        ¦ haproxy.state.sH
          SH-- ¦ app1     ¦ 502 ¦ PREMATURE_CLOSE         ¦ haproxy.state.SH
          PH-- ¦ app1     ¦ 502 ¦ INVALID_RESPONSE        ¦ haproxy.state.PH
          PD-- ¦ app1     ¦ 502 ¦ INVALID_RESPONSE        ¦ haproxy.state.PD
          SD-- ¦ app1     ¦ 200 ¦ BODY_TRUNCATED          ¦ haproxy.state.SD
          sD-- ¦ app1     ¦ 200 ¦ DOWNLOAD_TIMEOUT        ¦ haproxy.state.sD
          sQ-- ¦ <NOSRV>  ¦ 503 ¦ UPSTREAM_TIMEOUT        ¦ haproxy.state.sQ
          PR-- ¦ <NOSRV>  ¦ 403 ¦ HTTP_UNEXPECTED_STATUS  ¦ haproxy.state.PR
          PT-- ¦ <NOSRV>  ¦ 500 ¦ HTTP_UNEXPECTED_STATUS  ¦ haproxy.state.PT
          PC-- ¦ app1     ¦ 503 ¦ UPSTREAM_CONNECT_FAILED ¦ haproxy.state.PC
          RC-- ¦ app1     ¦ 503 ¦ UPSTREAM_CONNECT_FAILED ¦ haproxy.state.RC
          IH-- ¦ app1     ¦ 500 ¦ HTTP_5XX                ¦ haproxy.state.I?
          DD-- ¦ app1     ¦ 200 ¦ NO_HEALTHY_UPSTREAM     ¦ haproxy.state.D?
          CD-- ¦ app1     ¦ 200 ¦ NONE                    ¦ haproxy.state.C?
          CH-- ¦ app1     ¦ -1  ¦ NONE                    ¦ haproxy.state.C?
          cR-- ¦ <NOSRV>  ¦ 408 ¦ NONE                    ¦ haproxy.state.c?
          LR-- ¦ <STATS>  ¦ 200 ¦ NONE                    ¦ haproxy.state.L?
          KC-- ¦ app1     ¦ -1  ¦ NONE                    ¦ haproxy.state.K?
          UD-- ¦ app1     ¦ 200 ¦ NONE                    ¦ haproxy.state.U?
          ---- ¦ app1     ¦ 200 ¦ NONE                    ¦ haproxy.state.--
          SCDN ¦ app1     ¦ 503 ¦ UPSTREAM_CONNECT_FAILED ¦ haproxy.state.SC
          """)
  void haproxyHttpLogTerminationStates(
      String state, String server, String status, Cause cause, String rule) {
    String line =
        HAPROXY_PREFIX.replace("be_app/", "be_app/" + server)
            + " 0/0/-1/-1/1002 "
            + status
            + " 217 - - "
            + state
            + " 1/1/0/0/1 0/0 \"GET /health HTTP/1.1\"";

    LogLineExplanation e = explainer.explain(line);

    assertThat(e.software()).isEqualTo("haproxy");
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.meaning()).startsWith("Termination state " + state + ": ");
    assertThat(e.nextSteps()).noneMatch(s -> UNFILLED.matcher(s).find());
  }

  @Test
  void haproxyNextStepsNameTheBackendAndServer() {
    LogLineExplanation e =
        explainer.explain(
            HAPROXY_PREFIX
                + "app1 0/0/0/-1/30001 504 198 - - sH-- 1/1/0/0/0 0/0 \"GET /slow HTTP/1.1\"");

    assertThat(e.meaning()).contains("app1").contains("be_app");
    assertThat(e.nextSteps()).anyMatch(s -> s.contains("timeout server") && s.contains("be_app"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "¦",
      textBlock =
          """
          SC--  ¦ UPSTREAM_CONNECT_FAILED
          sH--  ¦ UPSTREAM_TIMEOUT
          SH--  ¦ PREMATURE_CLOSE
          PH--  ¦ INVALID_RESPONSE
          sC    ¦ UPSTREAM_CONNECT_FAILED
          SD    ¦ BODY_TRUNCATED
          """)
  void bareHaproxyStates(String state, Cause cause) {
    LogLineExplanation e = explainer.explain(state);

    assertThat(e.software()).isEqualTo("haproxy");
    assertThat(e.cause()).isEqualTo(cause);
  }

  @Test
  void haproxyTcpLogLine() {
    LogLineExplanation e =
        explainer.explain(
            "Nov 24 09:31:31 lb1 haproxy[1234]: 192.0.2.10:55226 [24/Nov/2026:09:31:31.453] pg be_pg/db1 1/-1/1002 0 SC 1/1/0/0/3 0/0");

    assertThat(e.cause()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
    assertThat(e.meaning()).contains("db1").contains("be_pg");
  }

  @Test
  void haproxyHealthCheckMessages() {
    LogLineExplanation down =
        explainer.explain(
            "Server be_app/app2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left.");
    LogLineExplanation none = explainer.explain("backend be_app has no server available!");

    assertThat(down.software()).isEqualTo("haproxy");
    assertThat(down.cause()).isEqualTo(Cause.NO_HEALTHY_UPSTREAM);
    assertThat(down.meaning()).contains("app2").contains("Layer4 connection problem");
    assertThat(none.cause()).isEqualTo(Cause.NO_HEALTHY_UPSTREAM);
    assertThat(none.nextSteps()).anyMatch(s -> s.contains("show servers state be_app"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "¦",
      textBlock =
          """
          UF    ¦ UPSTREAM_CONNECT_FAILED
          UH    ¦ NO_HEALTHY_UPSTREAM
          URX   ¦ HTTP_5XX
          UC    ¦ PREMATURE_CLOSE
          UT    ¦ UPSTREAM_TIMEOUT
          UO    ¦ HTTP_5XX
          UR    ¦ CONNECTION_RESET
          LR    ¦ CONNECTION_RESET
          NR    ¦ HTTP_UNEXPECTED_STATUS
          DC    ¦ NONE
          LH    ¦ UPSTREAM_APP_DOWN
          DI    ¦ NONE
          FI    ¦ HTTP_5XX
          RL    ¦ HTTP_UNEXPECTED_STATUS
          UAEX  ¦ HTTP_UNEXPECTED_STATUS
          RLSE  ¦ HTTP_5XX
          IH    ¦ HTTP_UNEXPECTED_STATUS
          SI    ¦ UPSTREAM_TIMEOUT
          DPE   ¦ HTTP_UNEXPECTED_STATUS
          UPE   ¦ INVALID_RESPONSE
          UMSDR ¦ UPSTREAM_TIMEOUT
          NC    ¦ NO_HEALTHY_UPSTREAM
          OM    ¦ HTTP_5XX
          DF    ¦ DNS_FAILURE
          DO    ¦ HTTP_5XX
          DT    ¦ NONE
          """)
  void envoyResponseFlagsInTheDefaultAccessLog(String flag, Cause cause) {
    String line =
        "[2026-11-24T09:31:31.453Z] \"GET /health HTTP/1.1\" 503 "
            + flag
            + " 0 91 2 - \"192.0.2.10\" \"curl/8.5.0\" \"2f1e1b7c-1d2c-4b3a-9f8e-7d6c5b4a3f2e\" \"shop.example.com\" \"10.0.1.23:8080\"";

    LogLineExplanation e = explainer.explain(line);
    LogLineExplanation bare = explainer.explain(flag);

    assertThat(e.software()).isEqualTo("envoy");
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.rule()).isEqualTo("envoy.flag." + flag);
    assertThat(e.meaning()).startsWith("Response flag " + flag + ": ");
    assertThat(e.nextSteps()).noneMatch(s -> UNFILLED.matcher(s).find());
    assertThat(bare.software())
        .as("a bare flag is Envoy's even where it reads as an HAProxy state")
        .isEqualTo("envoy");
    assertThat(bare.cause()).isEqualTo(cause);
  }

  @Test
  void severalEnvoyFlagsAreLedByTheMostTellingOne() {
    LogLineExplanation e = explainer.explain("URX,UF");

    assertThat(e.rule()).isEqualTo("envoy.flag.UF");
    assertThat(e.cause()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
    assertThat(e.meaning()).contains("Also: URX");
  }

  @Test
  void envoyUpstreamHostAndIstioClusterAreFilledIn() {
    LogLineExplanation e =
        explainer.explain(
            "[2026-11-24T09:31:31.453Z] \"GET /status/200 HTTP/1.1\" 503 UF upstream_reset_before_response_started{connection_failure} - \"-\" 0 91 1 - \"-\" \"curl/8.5.0\" \"3c1d\" \"httpbin:8000\" \"10.44.1.27:80\" outbound|8000||httpbin.foo.svc.cluster.local - 10.0.45.184:8000 10.44.1.23:46520 - default");

    assertThat(e.cause()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
    assertThat(e.meaning()).contains("10.44.1.27:80");
    assertThat(e.nextSteps()).anyMatch(s -> s.contains("nc -vz -w 5 10.44.1.27 80"));
  }

  @Test
  void envoyJsonAccessLogAndLongFlagNames() {
    LogLineExplanation json =
        explainer.explain(
            "{\"start_time\":\"2026-11-24T09:31:31.453Z\",\"response_code\":\"504\",\"response_flags\":\"UT\",\"upstream_host\":\"10.0.1.23:8080\",\"upstream_cluster\":\"shop\"}");
    LogLineExplanation longName = explainer.explain("NoHealthyUpstream");

    assertThat(json.software()).isEqualTo("envoy");
    assertThat(json.cause()).isEqualTo(Cause.UPSTREAM_TIMEOUT);
    assertThat(json.meaning()).contains("10.0.1.23:8080");
    assertThat(longName.cause()).isEqualTo(Cause.NO_HEALTHY_UPSTREAM);
  }

  @Test
  void envoyLineWithoutFlagsSaysTheUpstreamAnswered() {
    LogLineExplanation e =
        explainer.explain(
            "[2026-11-24T09:31:31.453Z] \"GET /health HTTP/1.1\" 502 - 0 0 12 11 \"-\" \"curl/8.5.0\" \"id\" \"shop\" \"10.0.1.23:8080\"");

    assertThat(e.software()).isEqualTo("envoy");
    assertThat(e.cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(e.meaning()).contains("came from the upstream");
  }

  private static final String APACHE =
      "[Tue Nov 24 09:31:09.922435 2026] [proxy_http:error] [pid 16995:tid 17002] ";

  @ParameterizedTest(name = "{1} {2}")
  @CsvSource(
      delimiterString = "¦",
      quoteCharacter = '`',
      textBlock =
          """
          apache ¦ UPSTREAM_TIMEOUT          ¦ apache.status-line-timeout   ¦ (70007)The timeout specified has expired: [client 192.0.2.10:60838] AH01102: error reading status line from remote server 10.0.1.23:8080
          apache ¦ CONNECTION_RESET          ¦ apache.status-line-reset     ¦ (104)Connection reset by peer: [client 192.0.2.10:60838] AH01102: error reading status line from remote server 10.0.1.23:8080
          apache ¦ PREMATURE_CLOSE           ¦ apache.status-line           ¦ (20014)Internal error (specific information not available): [client 192.0.2.10:44616] AH01102: error reading status line from remote server 10.0.1.23:8080
          apache ¦ PREMATURE_CLOSE           ¦ apache.error-reading         ¦ [client 192.0.2.10:44616] AH00898: Error reading from remote server returned by /health
          apache ¦ DNS_FAILURE               ¦ apache.dns                   ¦ [client 192.0.2.10:44616] AH00898: DNS lookup failure for: app.internal returned by /health
          apache ¦ UPSTREAM_CONNECT_FAILED   ¦ apache.connect-refused       ¦ (111)Connection refused: AH00957: http: attempt to connect to 10.0.1.23:8080 (10.0.1.23:8080) failed
          apache ¦ UPSTREAM_CONNECT_FAILED   ¦ apache.connect-timeout       ¦ (110)Connection timed out: AH00957: HTTP: attempt to connect to 10.0.1.23:8080 (10.0.1.23) failed
          apache ¦ UPSTREAM_CONNECT_FAILED   ¦ apache.connect-timeout       ¦ (70007)The timeout specified has expired: AH00957: http: attempt to connect to 10.0.1.23:8080 (10.0.1.23:8080) failed
          apache ¦ UPSTREAM_CONNECT_FAILED   ¦ apache.failed-to-connect     ¦ [client 192.0.2.10:57054] AH01114: HTTP: failed to make connection to backend: 10.0.1.23
          apache ¦ UPSTREAM_APP_DOWN         ¦ apache.unix-socket           ¦ (2)No such file or directory: AH02454: http: attempt to connect to Unix domain socket /run/app/app.sock (localhost:80) failed
          apache ¦ UPSTREAM_CONNECT_FAILED   ¦ apache.unix-socket-permission ¦ (13)Permission denied: AH02454: fcgi: attempt to connect to Unix domain socket /run/php/php-fpm.sock (localhost:80) failed
          apache ¦ NO_HEALTHY_UPSTREAM       ¦ apache.worker-disabled       ¦ AH00959: ap_proxy_connect_backend disabling worker for (10.0.1.23) for 60s
          apache ¦ NO_HEALTHY_UPSTREAM       ¦ apache.worker-in-error       ¦ AH00940: HTTP: disabled connection for (10.0.1.23)
          apache ¦ CONNECTION_RESET          ¦ apache.pass-body             ¦ [client 192.0.2.10:57054] AH01097: pass request body failed to 10.0.1.23:8080 (10.0.1.23) from 192.0.2.10 ()
          apache ¦ INVALID_RESPONSE          ¦ apache.bad-header            ¦ [client 192.0.2.10:45690] AH01106: bad HTTP/1.1 header returned by /health (GET)
          apache ¦ UPSTREAM_HEADER_TOO_LARGE ¦ apache.header-too-large      ¦ (28)No space left on device: [client 192.0.2.10:54288] AH10124: header size is over the limit allowed by ResponseFieldSize (8192 bytes). Bad response header: 'Set-Cookie: session=aaa[...]'
          apache ¦ UPSTREAM_TLS_FAILED       ¦ apache.ssl-proxy-disabled    ¦ AH00961: HTTPS: failed to enable ssl support for 10.0.1.23:443 (10.0.1.23): SSL Proxy requested for shop:443 but not enabled [Hint: SSLProxyEngine]
          apache ¦ UPSTREAM_TLS_FAILED       ¦ apache.ssl-proxy             ¦ AH02039: Certificate Verification: Error (20): unable to get local issuer certificate
          apache ¦ UPSTREAM_TLS_FAILED       ¦ apache.ssl-handshake         ¦ [client 192.0.2.10:55746] AH00898: Error during SSL Handshake with remote server returned by /health
          apache ¦ CONNECTION_RESET          ¦ apache.pass-body             ¦ (20014)Internal error (specific information not available): [client 192.0.2.10:55746] AH01084: pass request body failed to 10.0.1.23:443 (app.internal)
          apache ¦ HTTP_5XX                  ¦ apache.no-handler            ¦ [client 192.0.2.10:57054] AH01144: No protocol handler was valid for the URL /health (scheme 'http'). If you are using a DSO version of mod_proxy, make sure the proxy submodules are included in the configuration using LoadModule.
          """)
  void apacheErrorLogIds(String software, Cause cause, String rule, String message) {
    LogLineExplanation e = explainer.explain(APACHE + message);

    assertThat(e.software()).isEqualTo(software);
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.nextSteps()).isNotEmpty().noneMatch(s -> UNFILLED.matcher(s).find());
  }

  /** Caddy's error log is JSON; its "msg" is the Go error of the upstream round trip. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiterString = "¦",
      quoteCharacter = '`',
      textBlock =
          """
          caddy.refused      ¦ UPSTREAM_CONNECT_FAILED   ¦ dial tcp 10.0.1.23:8080: connect: connection refused
          caddy.dial-timeout ¦ UPSTREAM_CONNECT_FAILED   ¦ dial tcp 10.0.1.23:8080: i/o timeout
          caddy.reset        ¦ CONNECTION_RESET          ¦ read tcp 10.0.0.5:59732->10.0.1.23:8080: read: connection reset by peer
          caddy.tls          ¦ UPSTREAM_TLS_FAILED       ¦ x509: certificate signed by unknown authority
          caddy.tls          ¦ UPSTREAM_TLS_FAILED       ¦ tls: failed to verify certificate: x509: certificate has expired or is not yet valid
          caddy.eof          ¦ PREMATURE_CLOSE           ¦ EOF
          caddy.header-timeout ¦ UPSTREAM_TIMEOUT        ¦ net/http: timeout awaiting response headers
          caddy.unix-socket  ¦ UPSTREAM_APP_DOWN         ¦ dial unix /run/app/app.sock: connect: no such file or directory
          """)
  void caddyErrorLogMessages(String rule, Cause cause, String msg) {
    LogLineExplanation e =
        explainer.explain(
            "{\"level\":\"error\",\"ts\":1795514377.65,\"logger\":\"http.log.error\",\"msg\":\""
                + msg
                + "\",\"request\":{\"remote_ip\":\"192.0.2.10\",\"host\":\"shop.example.com\",\"uri\":\"/health\"},\"status\":502}");

    assertThat(e.software()).isEqualTo("caddy");
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.rule()).isEqualTo(rule);
    assertThat(e.nextSteps()).isNotEmpty().noneMatch(s -> UNFILLED.matcher(s).find());
  }

  @Test
  void caddyResetNamesTheUpstreamFromTheConnection() {
    LogLineExplanation e =
        explainer.explain(
            "{\"level\":\"error\",\"logger\":\"http.log.error\",\"msg\":\"read tcp"
                + " 10.0.0.5:59732->10.0.1.23:8080: read: connection reset by peer\"}");

    assertThat(e.rule()).isEqualTo("caddy.reset");
    assertThat(e.nextSteps()).noneMatch(s -> s.contains("<upstream"));
  }

  @Test
  void apacheNextStepsCarryTheBackendAddress() {
    LogLineExplanation e =
        explainer.explain(
            APACHE
                + "(111)Connection refused: AH00957: http: attempt to connect to 10.0.1.23:8080 (10.0.1.23:8080) failed");

    assertThat(e.nextSteps()).anyMatch(s -> s.contains("10.0.1.23") && s.contains(":8080"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "¦",
      textBlock =
          """
          H10 ¦ App crashed                   ¦ UPSTREAM_APP_DOWN
          H12 ¦ Request timeout               ¦ UPSTREAM_TIMEOUT
          H13 ¦ Connection closed without response ¦ PREMATURE_CLOSE
          H14 ¦ No web dynos running          ¦ NO_HEALTHY_UPSTREAM
          H18 ¦ Server Request Interrupted    ¦ CONNECTION_RESET
          H19 ¦ Backend connection timeout    ¦ UPSTREAM_CONNECT_FAILED
          H20 ¦ App boot timeout              ¦ UPSTREAM_APP_DOWN
          H27 ¦ Client Request Interrupted    ¦ NONE
          H28 ¦ Client Connection Idle        ¦ NONE
          H80 ¦ Maintenance mode              ¦ HTTP_5XX
          H99 ¦ Platform error                ¦ HTTP_5XX
          """)
  void herokuRouterCodes(String code, String description, Cause cause) {
    LogLineExplanation e =
        explainer.explain(
            "2026-11-24T09:31:31.000000+00:00 heroku[router]: at=error code="
                + code
                + " desc=\""
                + description
                + "\" method=GET path=\"/\" host=shop.herokuapp.com request_id=1 fwd=\"192.0.2.10\" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0 protocol=https");

    assertThat(e.software()).isEqualTo("heroku");
    assertThat(e.cause()).isEqualTo(cause);
    assertThat(e.meaning()).startsWith(code.equals("H28") ? "H27/H28" : code);
  }

  @Test
  void aLineNobodyRecognisesIsUnknownWithGenericSteps() {
    LogLineExplanation e = explainer.explain("something went wrong somewhere");

    assertThat(e.software()).isEqualTo("unknown");
    assertThat(e.cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(e.explained()).isFalse();
    assertThat(e.nextSteps()).anyMatch(s -> s.contains("curl -v"));
  }

  @Test
  void aRecognisedLineNoRuleExplainsKeepsItsSoftware() {
    LogLineExplanation e =
        explainer.explain(
            "2026/11/24 09:31:28 [error] 17519#17519: *11 open() \"/srv/www/favicon.ico\" failed (2: No such file or directory)");

    assertThat(e.software()).isEqualTo("nginx");
    assertThat(e.cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(e.explained()).isFalse();
  }

  static Stream<CapturedPage> capturesWithLogs() {
    return CapturedPages.all().stream().filter(p -> !p.meta().log().isEmpty());
  }

  static Stream<Arguments> everyCapture() {
    return CapturedPages.all().stream().map(p -> Arguments.of(CaptureCases.resourceName(p), p));
  }

  /**
   * Every line each software logged in every shipped capture, old and new, is explained as that
   * software's and with a specific cause (see {@link CaptureCases#assertLogLinesExplained}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCapture")
  void everyRecordedErrorLineIsExplainedWithASpecificCause(String file, CapturedPage page) {
    CaptureCases.assertLogLinesExplained(explainer, page, file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturesWithLogs")
  void linesRecordedFromRealSoftwareExplainTheirScenario(CapturedPage page) {
    Optional<LogLineExplanation> first =
        page.meta().log().stream()
            .map(explainer::explain)
            .filter(LogLineExplanation::explained)
            .findFirst();

    assertThat(first.map(LogLineExplanation::cause))
        .as(CaptureCases.id(page) + " " + page.meta().log())
        .isEqualTo(CaptureCases.expectedLogCause(page));
    first.ifPresent(e -> assertThat(e.software()).isEqualTo(page.software().id()));
  }

  @Test
  void customRulesAreValidatedLikeTheShippedOnes() {
    assertThatThrownBy(
            () ->
                LogLineExplainer.withRules(
                    "site-logs.yaml",
                    """
                    software:
                      - id: acme-proxy
                        recognise: ['acme\\[']
                        rules:
                          - id: acme.refused
                            match: 'refused'
                            cause: BACKEND_DOWN
                            meaning: x
                    unknown: {meaning: x}
                    """))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageStartingWith(
            "site-logs.yaml: rule 'acme.refused', cause: 'BACKEND_DOWN' is not a cause");
  }
}
