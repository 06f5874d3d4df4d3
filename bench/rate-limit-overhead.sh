#!/usr/bin/env bash
# What the API rate limiter costs per request: one JVM, one embedded PostgreSQL, two servers (limiter
# on with limits never reached, limiter off), N clients reading a balance with one key, ABBA rounds.
# Not a test; see docs/benchmarks.md.
#
#   bench/rate-limit-overhead.sh [--clients 8] [--warmup S] [--measure S] [--rounds N] [--max-unsynced-tokens 20]
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

mkdir -p target/bench-classes
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" bench/src/dev/creditdesk/bench/RateLimitOverhead.java
exec java -Xms512m -Xmx512m -cp "target/bench-classes:$CP" dev.creditdesk.bench.RateLimitOverhead "$@"
