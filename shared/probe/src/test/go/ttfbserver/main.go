// Command ttfbserver is the loopback HTTP server of the probe benchmark's fresh-process ttfb case.
//
// It listens on 127.0.0.1 only (port 0 unless -port is given), prints one line
// "listening 127.0.0.1:<port>" on stdout once it accepts connections, and answers
// GET /delay/<ms>[/<anything>] with "200 OK", Content-Length 2, body "ok" and Connection: close,
// sending the first byte <ms> milliseconds after the whole request was read (net/http calls the
// handler once the request head is read; a GET has no body). Any other path is a 404 at once.
// With -tls it serves HTTPS instead, with a self-signed ECDSA certificate for 127.0.0.1 made at
// start (clients must skip verification), or with -cert and -key (PEM files) a certificate issued
// elsewhere, e.g. by a CA the client is given as its caFile. It exits when its stdin closes, so a parent that dies
// takes it along.
package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 (0: any free one)")
	useTLS := flag.Bool("tls", false, "serve HTTPS with a self-signed certificate for 127.0.0.1")
	certFile := flag.String("cert", "", "with -tls: the certificate chain (PEM) to serve instead")
	keyFile := flag.String("key", "", "with -tls and -cert: its private key (PEM)")
	flag.Parse()

	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ttfbserver:", err)
		os.Exit(1)
	}
	server := &http.Server{
		Handler:           http.HandlerFunc(delay),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       10 * time.Second,
	}
	server.SetKeepAlivesEnabled(false)
	if *useTLS {
		var certificate tls.Certificate
		var err error
		if *certFile != "" {
			certificate, err = tls.LoadX509KeyPair(*certFile, *keyFile)
		} else {
			certificate, err = selfSigned()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "ttfbserver:", err)
			os.Exit(1)
		}
		listener = tls.NewListener(listener, &tls.Config{Certificates: []tls.Certificate{certificate}})
	}

	go func() {
		// The parent holds our stdin; when it goes away, so do we.
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()

	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "listening %s\n", listener.Addr())
	out.Flush()
	if err := server.Serve(listener); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "ttfbserver:", err)
		os.Exit(1)
	}
}

// delay answers /delay/<ms>/... after <ms> counted from the handler's start, which net/http
// reaches once the request head (the whole of a GET) has been read.
func delay(w http.ResponseWriter, r *http.Request) {
	read := time.Now()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 2 || parts[0] != "delay" {
		http.NotFound(w, r)
		return
	}
	ms, err := strconv.Atoi(parts[1])
	if err != nil || ms < 0 || ms > 60_000 {
		http.Error(w, "bad delay", http.StatusBadRequest)
		return
	}
	time.Sleep(time.Until(read.Add(time.Duration(ms) * time.Millisecond)))
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Length", "2")
	h.Set("Connection", "close")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, "ok")
	// Push the head and body out now, as one write, rather than when the handler returns.
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// selfSigned makes a throwaway ECDSA P-256 certificate for 127.0.0.1, valid for a day.
func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "ttfbserver"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
