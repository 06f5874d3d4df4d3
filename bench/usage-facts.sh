#!/usr/bin/env bash
# The usage facts query of issue 13: one account with 100,000 usage events in a table of 10 million,
# the aggregates a policy reads (3 kinds × windows) timed call by call (p50/p99/max), beside
# hand-written plain count queries in the same run. Not a test; see docs/benchmarks.md.
#
#   bench/usage-facts.sh [--events N] [--hot N] [--accounts N] [--warmup N] [--iterations N]
#                        [--data DIR] [--refill]
#
# The first run fills target/bench-usage-pg (about 3 GB, several minutes); later runs with the same
# sizes reuse it. --refill starts from an empty database.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

mkdir -p target/bench-classes
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" bench/src/dev/creditdesk/bench/UsageFactsQuery.java
exec java -Xms512m -Xmx512m -cp "target/bench-classes:$CP" dev.creditdesk.bench.UsageFactsQuery "$@"
