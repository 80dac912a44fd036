// Command ttfbclient is Go's side of the probe benchmark's fresh-process ttfb case: the way
// blackbox_exporter's http prober times a request, fired N at once.
//
//	ttfbclient -base http://127.0.0.1:PORT -delays 20,100,300 -each 30
//
// fires each × len(delays) GET requests at once, one goroutine each, to <base>/delay/<ms>/<i>,
// every one on a fresh connection of its own (a new Transport with keep-alives disabled, as
// blackbox_exporter builds a new client per probe), and times each with net/http/httptrace from
// WroteRequest to GotFirstResponseByte. It prints one line per request, in request order:
//
//	<delay ms> <ttfb ns> <status>
//
// with "-" for the ttfb and the error text as the status when the request failed. Only loopback
// addresses are accepted as the base; an https base is not verified (the benchmark's server has a
// throwaway self-signed certificate), and each request makes a full handshake of its own.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

type result struct {
	delayMs int
	ttfb    time.Duration
	status  string
	ok      bool
}

func main() {
	base := flag.String("base", "", "server base URL, e.g. http://127.0.0.1:8080 (loopback only)")
	delays := flag.String("delays", "20,100,300", "first-byte delays in ms, comma-separated")
	each := flag.Int("each", 30, "requests per delay")
	timeout := flag.Duration("timeout", 10*time.Second, "per-request timeout")
	flag.Parse()

	if err := checkLoopback(*base); err != nil {
		fmt.Fprintln(os.Stderr, "ttfbclient:", err)
		os.Exit(2)
	}
	var ms []int
	for _, d := range strings.Split(*delays, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(d))
		if err != nil || v < 0 {
			fmt.Fprintf(os.Stderr, "ttfbclient: bad delay %q\n", d)
			os.Exit(2)
		}
		ms = append(ms, v)
	}
	if *each < 1 || *each*len(ms) > 1000 {
		fmt.Fprintln(os.Stderr, "ttfbclient: -each must be 1..1000/len(delays)")
		os.Exit(2)
	}

	// Request i uses delay ms[i % len(ms)], so the delays are interleaved as the Java round's are.
	n := *each * len(ms)
	results := make([]result, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		delay := ms[i%len(ms)]
		target := fmt.Sprintf("%s/delay/%d/%d", strings.TrimRight(*base, "/"), delay, i)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			results[i] = probe(target, delay, *timeout)
		}(i)
	}
	close(start)
	wg.Wait()

	for _, r := range results {
		if r.ok {
			fmt.Printf("%d %d %s\n", r.delayMs, r.ttfb.Nanoseconds(), r.status)
		} else {
			fmt.Printf("%d - %s\n", r.delayMs, strings.ReplaceAll(r.status, " ", "_"))
		}
	}
}

// probe is one request on a client of its own, timed as blackbox_exporter's prober times it.
func probe(target string, delay int, timeout time.Duration) result {
	transport := &http.Transport{
		DisableKeepAlives:  true,
		DisableCompression: true,
		Proxy:              nil,
		TLSClientConfig:    &tls.Config{InsecureSkipVerify: true},
		DialContext:        (&net.Dialer{Timeout: timeout}).DialContext,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: timeout}

	var wrote, firstByte time.Time
	trace := &httptrace.ClientTrace{
		WroteRequest:         func(httptrace.WroteRequestInfo) { wrote = time.Now() },
		GotFirstResponseByte: func() { firstByte = time.Now() },
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	request, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, target, nil)
	if err != nil {
		return result{delayMs: delay, status: err.Error()}
	}
	response, err := client.Do(request)
	if err != nil {
		return result{delayMs: delay, status: err.Error()}
	}
	_, _ = io.Copy(io.Discard, response.Body)
	response.Body.Close()
	if wrote.IsZero() || firstByte.IsZero() {
		return result{delayMs: delay, status: "no_trace_events"}
	}
	return result{delayMs: delay, ttfb: firstByte.Sub(wrote), status: strconv.Itoa(response.StatusCode), ok: true}
}

func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-base %q is not a URL", base)
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-base %q: only loopback IP addresses are allowed", base)
	}
	return nil
}
