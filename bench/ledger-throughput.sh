#!/usr/bin/env bash
# Ledger throughput benchmark: reserve+complete pairs per second through HTTP, directly in-process
# (the same Tasks calls, no HTTP), and as the minimal SQL for the same semantics over the app's own
# pool (the database's floor), all in one run on one embedded PostgreSQL, alternating ABBA.
# Optionally micro-batched modes sent to a second application context with
# creditdesk.tasks.batching.enabled=true. Not a test; see docs/benchmarks.md.
#
#   bench/ledger-throughput.sh [--clients 8,32] [--initial-warmup S] [--warmup S] [--measure S] [--rounds N]
#                              [--modes http,direct,sql[,http-batch,direct-batch,http-key-cache]]
#                              [--durable] [--hot-account | --accounts own,hot] [--jfr FILE]
#                              [--rate R[,R...] [--arrivals poisson|constant] [--seed N] [--open-pool N]
#                               [--open-measure S]]
#
#   --modes         default http,direct,sql; the batched modes start the second context only when asked
#   --durable       embedded PostgreSQL with fsync and synchronous_commit on (the shipped default);
#                   without it both are off and the figures are CPU figures
#   --hot-account   every client spends ONE shared account (its own tables); --accounts own,hot runs both
#   --rate          open loop: after each closed-loop phase, one phase per rate where pairs ARRIVE at that rate
#                   (pairs/s, P% of the closed-loop rate just measured, or half = 50%) whether or not earlier
#                   ones finished, each on a pool thread; latency counts from when each pair was due (no
#                   coordinated omission): reserve p50/p99/p99.9, complete p50/p99, achieved rate, late,
#                   dropped and unfinished arrivals, CPU per pair. Seeded Poisson gaps by default.
#                   Without --rate nothing changes. See docs/bench-notes/openloop.md.
#   --help          every option with its default
#
# It prints pairs/s per mode (median of rounds), ratios against sql, CPU per pair by thread group and
# PostgreSQL, heap and RSS per phase, and checks the ledger's invariants after the run (exit 1 if any
# request failed or an invariant broke).
#
# With no arguments it runs the moderate size used for docs/benchmarks.md, about 5 minutes on a
# shared 2-core machine plus the build; for steadier figures pass e.g.
#   --initial-warmup 60 --warmup 10 --measure 20 --rounds 3
# A quick check that it works (about 2 minutes plus the build):
#   --clients 8 --initial-warmup 10 --warmup 1 --measure 3 --rounds 2
# Reserve p99 at half the peak rate (issue 17), batched and not, on a quiet machine:
#   --modes http,http-batch,direct-batch --clients 32 --rate half --initial-warmup 60 --warmup 5 --measure 15
#   --open-measure 30 --rounds 3
# Results are printed as markdown and also written to target/bench-results.md.
# JAVA_OPTS adds JVM options; JAVA_OPTS=-Dcreditdesk.bench.data=DIR runs on that kept data directory
# instead of a fresh temporary one (bench/policy-replay.sh's database: docs/bench-notes/policy-replay.md).
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
# shellcheck disable=SC2086
exec java -Xms1g -Xmx1g ${JAVA_OPTS:-} -cp "target/bench-classes:$CP" dev.creditdesk.bench.LedgerThroughput "$@"
