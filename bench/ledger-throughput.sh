#!/usr/bin/env bash
# Ledger throughput benchmark: reserve+complete pairs per second through HTTP and directly over
# JDBC (same ledger SQL, no HTTP), on one embedded PostgreSQL. Not a test; see docs/benchmarks.md.
#
#   bench/ledger-throughput.sh [--clients 8,32] [--initial-warmup S] [--warmup S] [--measure S] [--rounds N]
#                              [--modes http,direct[,http-key-cache]] [--jfr FILE]
#
# With no arguments it runs the moderate size used for docs/benchmarks.md, about 4 minutes on a
# shared 2-core machine including the build; for steadier figures pass e.g.
#   --initial-warmup 60 --warmup 10 --measure 20 --rounds 3
# Results are printed as markdown and also written to target/bench-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

rm -rf target/bench-classes
mkdir -p target/bench-classes
# Deliberately not target/test-classes: its config/application.properties would change the pool size.
# Only LedgerThroughput.java: PolicyEvaluationBenchmark.java beside it needs JMH (bench/policy-evaluation.sh).
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" bench/src/dev/creditdesk/bench/LedgerThroughput.java

if [ $# -eq 0 ]; then
  set -- --clients 8,32 --initial-warmup 45 --warmup 2 --measure 8 --rounds 3
fi
exec java -Xms1g -Xmx1g -cp "target/bench-classes:$CP" dev.creditdesk.bench.LedgerThroughput "$@"
