package dev.probefleet.scenario;

import static dev.probefleet.scenario.Sample.status;

import dev.probefleet.model.Cause;

/**
 * Error answers real proxies give (bodies as they send them, meanings as a fingerprinter would put
 * them), for scenarios to read like the incident they play.
 */
public final class Pages {
  public static final String NGINX_502 =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad"
          + " Gateway</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";
  public static final String NGINX_503 =
      "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
          + "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx"
          + "</center>\r\n</body>\r\n</html>\r\n";
  public static final String NGINX_504 =
      "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504"
          + " Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  public static final String HAPROXY_502 =
      "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete"
          + " response.\n</body></html>\n";
  public static final String HAPROXY_503 =
      "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this"
          + " request.\n</body></html>\n";
  public static final String HAPROXY_504 =
      "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n"
          + "</body></html>\n";

  public static final String APACHE_PROXY_ERROR =
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n"
          + "<html><head>\n<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n"
          + "<p>The proxy server received an invalid\nresponse from an upstream server.<br />\nThe"
          + " proxy server could not handle the request<p>Reason: <strong>Error reading from remote"
          + " server</strong></p></p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at"
          + " shop.example.test Port 80</address>\n</body></html>\n";
  public static final String APACHE_503 =
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n"
          + "<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service"
          + " Unavailable</h1>\n<p>The server is temporarily unable to service your\nrequest due to"
          + " maintenance downtime or capacity\nproblems. Please try again later.</p>\n<hr>\n"
          + "<address>Apache/2.4.71 (Debian) Server at shop.example.test Port 80</address>\n"
          + "</body></html>\n";

  private Pages() {}

  /** nginx's own 502 page, fingerprinted. */
  public static Sample nginx502() {
    return status(502)
        .body(NGINX_502)
        .page("nginx", "nginx could not get a valid response from its upstream");
  }

  /** nginx passing a 503 on, or answering its own. */
  public static Sample nginx503() {
    return status(503).body(NGINX_503).page("nginx", "service temporarily unavailable");
  }

  public static Sample nginx504() {
    return status(504)
        .body(NGINX_504)
        .page("nginx", "nginx gave up waiting for its upstream")
        .pageCause(Cause.UPSTREAM_TIMEOUT);
  }

  public static Sample haproxy502() {
    return status(502)
        .reason("Bad Gateway")
        .body(HAPROXY_502)
        .page("haproxy", "The server returned an invalid or incomplete response.");
  }

  /**
   * HAProxy's 503 after a refused connection: its retry waits min(timeout connect, 1 s), so the
   * page comes after about a second (1001 ms in the recorded log line of the real HAProxy).
   */
  public static Sample haproxy503() {
    return status(503)
        .body(HAPROXY_503)
        .page("haproxy", "No server is available to handle this request.")
        .pageCause(Cause.UPSTREAM_CONNECT_FAILED)
        .ttfbMs(1001);
  }

  /** HAProxy's 503 when every server is marked down: it tries none and answers at once. */
  public static Sample haproxy503NoServerUp() {
    return status(503)
        .body(HAPROXY_503)
        .page("haproxy", "No server is available to handle this request.")
        .pageCause(Cause.UPSTREAM_CONNECT_FAILED)
        .ttfbMs(1);
  }

  public static Sample haproxy504() {
    return status(504)
        .body(HAPROXY_504)
        .page("haproxy", "The server didn't respond in time.")
        .pageCause(Cause.UPSTREAM_TIMEOUT);
  }

  /**
   * Apache mod_proxy's 502 when the backend closed, reset, or did not answer within ProxyTimeout:
   * the same page for all three (recorded in shared/captures apache/timeout and
   * closed-before-headers), so its meaning pins no cause.
   */
  public static Sample apacheProxyError() {
    return status(502)
        .reason("Proxy Error")
        .body(APACHE_PROXY_ERROR)
        .page("apache", "Apache mod_proxy got no status line from the backend");
  }

  /** Apache mod_proxy's 503 when it cannot connect to the backend (recorded: apache/refused). */
  public static Sample apache503() {
    return status(503)
        .body(APACHE_503)
        .page("apache", "Apache could not connect to the backend")
        .pageCause(Cause.UPSTREAM_CONNECT_FAILED);
  }
}
