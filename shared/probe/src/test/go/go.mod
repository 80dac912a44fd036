// The Go side of the probe benchmark's fresh-process ttfb case (make bench): a loopback server
// that injects first-byte delays, and a client timing them the way blackbox_exporter does.
// Standard library only; built by ProbeBenchmark with `go build` into target/.
module dev.probefleet/probe/benchgo

go 1.22
