#!/bin/sh
# The CDK app as cdk.json's "app" runs it: java straight on the classpath Maven prepared
# (./mvnw -DskipTests -pl infra/cdk -am package writes target/classes and target/cdk.classpath),
# no Maven in the loop, so `cdk synth` takes seconds. The JDK is $JAVA_HOME when it is >= 21,
# else the one bin/find-jdk finds (the default java may be older than the bytecode).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$here/target/cdk.classpath" ] || [ ! -d "$here/target/classes" ]; then
  echo "app.sh: the CDK app is not built; run ./mvnw -DskipTests -pl infra/cdk -am package" >&2
  exit 1
fi
java_home=$("$root/bin/find-jdk")
exec "$java_home/bin/java" -cp "$here/target/classes:$(cat "$here/target/cdk.classpath")" \
  dev.probefleet.infra.ProbefleetApp
