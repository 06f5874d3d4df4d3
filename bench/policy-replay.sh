#!/usr/bin/env bash
# Policy replay benchmark (issue 18): a million past refund requests replayed under a candidate
# policy version with PastDecisions + PolicyReplay in-process, beside the plain SQL time to stream
# the same rows. Not a test; see docs/bench-notes/policy-replay.md.
#
#   bench/policy-replay.sh generate [--requests 1000000] [--seed 42] [--templates 400] [--data DIR]
#   bench/policy-replay.sh run [--threads N] [--candidate FILE] [--rounds 3] [--sample 20000] [--data DIR]
#                              [--no-guard] [--replay-only] [--max-rate N]
#
# generate (6 to 10 minutes for a million on a shared 2-core machine, 4.2 GB) fills an embedded PostgreSQL
# in target/policy-replay/pg with set-based SQL: a tenant on the shipped tiered-usage policy,
# accounts, orders, refund requests and their proposals, whose facts are real snapshots of a few
# hundred distinct facts (PolicyDocuments.snapshot) and whose proposals are the shipped policy's
# decisions on them. The directory is kept; run reuses it, as often as you like.
#
# run first replays the shipped version over itself (must change nothing: the correctness guard),
# then per round: the candidate (default bench/policies/tiered-usage-candidate.yaml) replayed over
# the whole year, PastDecisions drained without evaluating, and a server-side count over the same
# join; medians, the ratio replay / SQL, and a split of one case's time (JSON parse, FactsReader,
# evaluate) on --sample cases held in memory. Each replay opens a fresh connection.
# If a PostgreSQL already runs on the data directory (the ledger benchmark with --data), run
# connects to it instead of starting one.
#
# JAVA_OPTS adds JVM options, e.g. JAVA_OPTS="-XX:StartFlightRecording=filename=target/replay.jfr".
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

mkdir -p target/bench-classes
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" bench/src/dev/creditdesk/bench/PolicyReplayBench.java
# shellcheck disable=SC2086
exec java -Xms1g -Xmx1g ${JAVA_OPTS:-} -cp "target/bench-classes:$CP" dev.creditdesk.bench.PolicyReplayBench "$@"
