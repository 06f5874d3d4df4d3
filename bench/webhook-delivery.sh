#!/usr/bin/env bash
# Webhook delivery throughput: events delivered per second to a local receiver, one endpoint, the
# sender run by hand until nothing is due. Not a test; see docs/benchmarks.md.
#
#   bench/webhook-delivery.sh [--events 3000] [--rounds 3] [--batch-size 50] [--receiver-ms 0]
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

mkdir -p target/bench-classes
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" \
  bench/src/dev/creditdesk/bench/WebhookDeliveryThroughput.java
exec java -Xms512m -Xmx512m -cp "target/bench-classes:$CP" dev.creditdesk.bench.WebhookDeliveryThroughput "$@"
