package dev.probefleet.fingerprint;

import static dev.probefleet.fingerprint.FingerprinterTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.Fingerprint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vendors' built-in error texts, as people paste them (no headers, often only a part of the
 * page), name their software; the applications' pages that copy part of the wording do not.
 */
class VendorTemplateTextTest {
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  static Stream<Arguments> vendorTexts() {
    return Stream.of(
        Arguments.of(
            "squid",
            503,
            "ERROR\nThe requested URL could not be retrieved\nThe following error was encountered"
                + " while trying to retrieve the URL: http://example.test/\nConnection to 192.0.2.1"
                + " failed."),
        Arguments.of(
            "squid",
            503,
            "The system returned: (111) Connection refused\nYour cache administrator is webmaster."),
        Arguments.of("haproxy", 403, "403 Forbidden\nRequest forbidden by administrative rules."),
        Arguments.of(
            "haproxy",
            408,
            "408 Request Time-out\nYour browser didn't send a complete request in time."),
        Arguments.of(
            "apache",
            500,
            "Internal Server Error\nThe server encountered an internal error or misconfiguration and"
                + " was unable to complete your request."),
        Arguments.of(
            "apache",
            500,
            "Please contact the server administrator at webmaster@example.test to inform them of the"
                + " time this error occurred, and the actions you performed just before this error."),
        Arguments.of(
            "iis",
            500,
            "500 - Internal server error.\nThe page cannot be displayed because an internal server"
                + " error has occurred."),
        Arguments.of("cloudflare", 403, "error code: 1020"),
        Arguments.of("cloudflare", 502, "502 Bad Gateway cloudflare"),
        Arguments.of("cloudflare", 502, "502 Bad Gateway\ncloudflare"),
        Arguments.of(
            "cloudflare",
            502,
            "Bad gateway\nError code 502\nVisit cloudflare.com for more information.\n"
                + "2026-12-05 20:31:30 UTC"),
        Arguments.of(
            "ats",
            502,
            "<HTML>\n<HEAD>\n<TITLE>Could Not Connect</TITLE>\n</HEAD>\n<BODY BGCOLOR=\"white\">\n"
                + "<H1>Could Not Connect</H1>\n<HR>\n<FONT FACE=\"Helvetica,Arial\"><B>\n"
                + "Description: Could not connect to the requested server host.\n</B></FONT>\n<HR>\n"
                + "</BODY>"),
        Arguments.of(
            "heroku",
            503,
            "Application error\nAn error occurred in the application and your page could not be"
                + " served. If you are the application owner, check your logs for details."),
        Arguments.of(
            "kong",
            502,
            "message\": \"An invalid response was received from the upstream server\""),
        // Apache Traffic Server's templates: a page cut after its first lines, and one as text
        Arguments.of("ats", 504, "<HTML>\n<HEAD>\n<TITLE>Inactivity Timeout</TITLE>\n</HEAD>\n"),
        Arguments.of(
            "ats",
            502,
            "Server Connection Closed\nDescription: The server requested closed the connection"
                + " before the transaction was completed."),
        // Squid 2.x's template as text, and today's cut after its head
        Arguments.of(
            "squid",
            503,
            "ERROR\nThe requested URL could not be retrieved\nWhile trying to retrieve the URL:"
                + " http://example.test/\nThe following error was encountered:\nConnection to"
                + " 192.0.2.1 Failed"),
        Arguments.of(
            "squid",
            503,
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\""
                + " \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n<meta"
                + " type=\"copyright\" content=\"Copyright (C) 1996-2026 The Squid Software"
                + " Foundation and contributors\">\n<meta http-equiv=\"Content-Type\""),
        // IIS: HTTP.sys's page, a detailed error's table as text, a custom error as text
        Arguments.of(
            "iis",
            400,
            "Bad Request - Invalid Hostname\nHTTP Error 400. The request hostname is invalid."),
        Arguments.of(
            "iis",
            502,
            "Detailed Error Information:\nModule\tAspNetCoreModuleV2\nNotification\t"
                + "ExecuteRequestHandler"),
        Arguments.of(
            "iis",
            404,
            "Server Error\n404 - File or directory not found.\nThe resource you are looking for"
                + " might have been removed, had its name changed, or is temporarily unavailable."),
        Arguments.of(
            "iis",
            404,
            "The page cannot be found\nHTTP Error 404 - File or directory not found.\nInternet"
                + " Information Services (IIS)\nTechnical Information (for support personnel)"),
        // Akamai: the generic error page cut before its Reference #, and a title as text
        Arguments.of(
            "akamai",
            503,
            "<HTML><HEAD><TITLE>Error</TITLE></HEAD><BODY>\nAn error occurred while processing"
                + " your request.<p>\n"),
        Arguments.of("akamai", 503, "Service Unavailable - DNS failure"),
        Arguments.of(
            "akamai",
            403,
            "Access Denied\nYou don't have permission to access \"http://www.example.test/\" on"
                + " this server."),
        // Azure Front Door's page as text
        Arguments.of(
            "azure-frontdoor",
            503,
            "Our services aren't available right now\nWe're working to restore all services as"
                + " soon as possible. Please check back soon."),
        // Caddy v2's empty 502 pasted with its error log line
        Arguments.of(
            "caddy",
            502,
            "{\"level\":\"error\",\"logger\":\"http.log.error\",\"msg\":\"dial tcp"
                + " 127.0.0.1:8080: connect: connection refused\",\"status\":502,\"err_trace\":"
                + "\"reverseproxy.statusError (reverseproxy.go:1269)\"}"),
        // Tengine's page, markup as received
        Arguments.of(
            "nginx",
            404,
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html>\n<head><title>404 Not"
                + " Found</title></head>\n<body bgcolor=\"white\">\n<h1>404 Not Found</h1>\n<p>The"
                + " requested URL was not found on this server. Sorry for the inconvenience.<br/>\n"
                + "Please report this message and include the following information to us.<br/>\n"
                + "Thank you very much!</p>\n<table>\n</table>\n<hr/>Powered by Tengine</body>\n"
                + "</html>"),
        // the 50x.html nginx ships (error_page 500 502 503 504 /50x.html), as text and, in its
        // older version, as markup
        Arguments.of(
            "nginx",
            503,
            "An error occurred.\nSorry, the page you are looking for is currently unavailable.\n"
                + "Please try again later.\nIf you are the system administrator of this resource"
                + " then you should check the error log for details.\nFaithfully yours, nginx."),
        Arguments.of(
            "nginx",
            502,
            "Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again"
                + " later."),
        Arguments.of(
            "nginx",
            504,
            "<html>\n<head>\n<title>The page is temporarily unavailable</title>\n</head>\n<body"
                + " bgcolor=\"white\" text=\"black\">\n<table width=\"100%\" height=\"100%\">\n<tr>\n"
                + "<td align=\"center\" valign=\"middle\">\nThe page you are looking for is"
                + " temporarily unavailable.<br/>\nPlease try again later.\n</td>\n</tr>\n</table>\n"
                + "</body>\n</html>"),
        // ATS's default template and IIS's detailed error, as text without their titles
        Arguments.of("ats", 400, "Error\nDescription: Could not process this request."),
        Arguments.of(
            "iis",
            503,
            "Most likely causes:\nThe application pool is stopped.\nThings you can try:\nStart"
                + " the application pool."),
        // Squid's page in the language the browser asked for (errors/de.po, errors/zh-hans.po)
        Arguments.of(
            "squid",
            503,
            "FEHLER\nDie angeforderte URL konnte nicht gefunden werden\nDer folgende Fehler wurde"
                + " beim Versuch die URL http://example.test/ zu holen festgestellt:"),
        Arguments.of(
            "squid",
            503,
            "<title>\u9519\u8bef: \u60a8\u6240\u8bf7\u6c42\u7684\u7f51\u5740\uff08URL\uff09"
                + "\u65e0\u6cd5\u83b7\u53d6</title>"),
        Arguments.of(
            "squid",
            504,
            "Erzeugt am Mon, 07 Dec 2026 10:15:00 GMT von proxy.example.test (squid/5.7)"),
        Arguments.of(
            "squid",
            503,
            "proxy.example.test (squid/4.10) taraf\u0131ndan Mon, 07 Dec 2026 10:15:00 GMT"
                + " olu\u015fturuldu"),
        // nginx's page cut inside its footer
        Arguments.of(
            "nginx",
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502"
                + " Bad Gateway</h1></center>\r\n<hr><center>nginx/1."));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("vendorTexts")
  void aVendorsBuiltInTextNamesItsSoftware(String generator, int status, String body) {
    Fingerprint f = fingerprinter.fingerprint(response(status, body));

    assertThat(f.generator()).isEqualTo(generator);
    assertThat(f.signals()).anyMatch(s -> s.where() == Fingerprint.Where.BODY);
  }

  static Stream<Arguments> applicationTexts() {
    return Stream.of(
        // Werkzeug's (Flask's) 500: Apache's wording without "or misconfiguration"
        Arguments.of(
            500,
            "Internal Server Error\nThe server encountered an internal error and was unable to"
                + " complete your request. Either the server is overloaded or there is an error in"
                + " the application."),
        // Nuxt's default error page: Heroku's sentence under "Server error"
        Arguments.of(
            500,
            "Server error\nAn error occurred in the application and your page could not be served."
                + " If you are the application owner, check your logs for details.\nNuxt"),
        // a JSON API's own error that mentions an error code
        Arguments.of(500, "{\"error\": \"error code: 1020\"}"),
        // an application's page whose status line ends with the CDN's name
        Arguments.of(503, "503 Service Unavailable: we are moving to Cloudflare\nBack soon."),
        Arguments.of(503, "503 Our site is being moved behind cloudflare"),
        // an application's page that gives its status as an error code
        Arguments.of(
            500,
            "<h1>Something went wrong</h1><p>Error code 500. Please try again later or contact"
                + " support.</p>"),
        // ASP.NET MVC's default error view: Akamai's sentence under "Error."
        Arguments.of(
            500,
            "<h1 class=\"text-danger\">Error.</h1>\n<h2 class=\"text-danger\">An error occurred"
                + " while processing your request.</h2>"),
        // ASP.NET's yellow page (the application's, even under IIS)
        Arguments.of(
            500,
            "Server Error in '/' Application.\nObject reference not set to an instance of an"
                + " object."),
        // an application's own outage message in Front Door's words
        Arguments.of(
            503,
            "<div class=\"alert\">Sorry, our services aren't available right now. Try again"
                + " later.</div>"),
        // Apache 2.2's 403: the path without quotes
        Arguments.of(
            403, "Forbidden\nYou don't have permission to access /private/ on this server."),
        // an application's maintenance page worded like nginx's old 50x.html, without its sentence
        Arguments.of(
            503,
            "<h1>Maintenance</h1><p>The page you are looking for is temporarily unavailable while"
                + " we upgrade.</p>"),
        // an application's error page listing likely causes in a paragraph, not as headings
        Arguments.of(
            500, "<p>Most likely causes: a bug in our code. Things you can try: reload.</p>"),
        // an application's page quoting the Via header of the proxy it came through
        Arguments.of(502, "Upstream error\nVia: 1.1 proxy.example.test (squid/5.7)\nRetry later."),
        // an Application Gateway v1 502 as text: IIS's wording, not IIS's page
        Arguments.of(
            502,
            "Server Error\n502 - Web server received an invalid response while acting as a gateway"
                + " or proxy server."));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("applicationTexts")
  void anApplicationsPageWithSimilarWordingStaysUnknown(int status, String body) {
    Fingerprint f = fingerprinter.fingerprint(response(status, body));

    assertThat(f.generator()).isEqualTo("unknown");
  }
}
