# probefleet — the two commands of the README, and the steps behind them.
# Every Maven call runs on a JDK >= 21 found by bin/find-jdk (the default java may be older).

SHELL := /bin/sh
JAVA_HOME := $(shell bin/find-jdk)
export JAVA_HOME
MVN := ./mvnw --batch-mode --no-transfer-progress

.PHONY: run test venv rie cdk-cli build cli api unit fuzz bench bench-analyzer bench-cost bench-functions soak clean

## run: the demo — the built-in fault lab (CDN -> load balancer -> origin on loopback) broken four
## ways while the fleet watches: each incident opens with its layer and cause, alerts with its
## runbook and resolves; about two minutes, then the incident history (`bin/probefleet lab --help`)
run: cli
	bin/probefleet lab

## test: every test — unit (*Test) and integration (*IT, against the AWS emulator; the packaged
## functions under aws-lambda-rie)
test: venv rie cdk-cli
	$(MVN) verify

## venv: the project-local virtualenv with the emulator (moto) from localstack/requirements.txt
venv:
	localstack/venv.sh
	infra/sam/venv.sh

## rie: AWS's Lambda Runtime Interface Emulator in .tools/bin, built with the pinned go install
## (returns at once when that version is there)
rie:
	bin/install-rie

## cdk-cli: the pinned AWS CDK CLI (infra/cdk/package.json, package-lock.json) in
## infra/cdk/node_modules, by npm ci (returns at once when it is there); infra/cdk's CdkSynthIT runs it
cdk-cli:
	infra/cdk/install-cli.sh

## build: compile and package everything without running tests
build:
	$(MVN) -DskipTests package

## cli: package the CLI jar that bin/probefleet runs
cli:
	$(MVN) -q -DskipTests -pl functions/cli -am package

## api: the query API on the Netty server, 127.0.0.1:8080 (configured by PROBEFLEET_* variables,
## e.g. PROBEFLEET_STORE_KIND=memory); the Lambda jar plus the server's classpath
api:
	$(MVN) -q -DskipTests -pl functions/api -am package
	"$(JAVA_HOME)/bin/java" -cp functions/api/target/classes:$$(cat functions/api/target/api-runtime.classpath):$$(cat functions/api/target/api-server.classpath) dev.probefleet.api.ApiServer

## unit: unit tests only (no emulator needed)
unit:
	$(MVN) test

## fuzz: the hostile-endpoint fuzz of the probe client alone (HostileEndpointsIT; make test runs it
## too, at seed 20261205): CASES hostile answers (default 10000) from SEED (default: a new one,
## printed), each checked for its failure class, deadline, size limits and the heap. A failure
## prints its seed, case and bytes; CASE=n replays that one case (make fuzz SEED=s CASES=c CASE=n)
SEED ?= $(shell date +%s)
CASES ?= 10000
CASE ?=
fuzz:
	$(MVN) -q -pl shared/probe -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=HostileEndpointsIT -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dprobefleet.fuzz.seed=$(SEED) -Dprobefleet.fuzz.cases=$(CASES) -Dprobefleet.fuzz.case=$(CASE)

## bench: the probe client's benchmark (throughput, ttfb accuracy and a fresh process's first round,
## side by side with baselines), then the HTTPS case (issue 16): bin/probefleet diagnose against a
## Go TLS loopback server, 1,000 targets x 3 HTTPS paths, 20 fresh-process first rounds, the steady
## state and a lone probe, beside blackbox_exporter (installed when missing and root, else reported
## missing); its summary line is the last line. BENCH_ARGS="only=throughput|accuracy|fresh|https"
## runs one section; "reps=10" sizes the fresh-process section, "targets=50 freshRuns=2 loneRuns=2"
## the HTTPS case (defaults 1000, 20, 5). Prints figures, never fails on them (not part of make test)
bench: cli
	$(MVN) -q -DskipTests -pl shared/probe -am install
	$(MVN) -q -pl shared/probe exec:exec@bench -Dbench.args="$(BENCH_ARGS)"

## bench-analyzer: one analyzer slot for 10,000 targets x 5 regions on DynamoDB Local, 5 ms per call
## (BENCH_ARGS="targets=2000 latency=5 parallelism=64" to change them)
bench-analyzer:
	$(MVN) -q -DskipTests -pl shared/local -am install
	$(MVN) -q -pl shared/local exec:exec@bench-analyzer -Dbench.args="$(BENCH_ARGS)"

## bench-cost: cost per million path-probes from measured capacity units, log bytes and GB-seconds
bench-cost:
	$(MVN) -q -DskipTests -pl shared/local -am install
	$(MVN) -q -pl shared/local exec:exec@bench-cost -Dbench.args="$(BENCH_ARGS)"

## bench-functions: cold starts of the packaged functions under aws-lambda-rie beside plain handlers,
## SDK HTTP clients, targets per probe invocation (BENCH_ARGS="runs=5 only=cold,clients,capacity
## cases=probe,api cpuTargets=200 validate=true")
bench-functions: venv rie
	$(MVN) -q -DskipTests -pl functions/bench -am install
	$(MVN) -q -pl functions/bench exec:exec@bench-functions -Dbench.args="$(BENCH_ARGS)"

## soak: the packaged CLI's `run` for 10 minutes against the lab at 1,000 targets x 3 paths, a round
## every 10 s, sampled every 10 s from outside (RSS, heap after GC, fds, threads, round durations):
## a table, functions/cli/target/soak/soak.png and a PASS/FAIL verdict (flat memory, no fd or thread
## growth, no overlapping rounds); SOAK_ARGS="targets=100 interval=10s duration=2m store=local" to
## change it (every key: SoakSettings in functions/cli/src/test/java/dev/probefleet/cli/soak)
soak: cli
	"$(JAVA_HOME)/bin/java" -Xmx1g -cp functions/cli/target/test-classes:functions/cli/target/probefleet-cli.jar \
	  dev.probefleet.cli.soak.SoakBenchmark $(SOAK_ARGS)

clean:
	$(MVN) -q clean
