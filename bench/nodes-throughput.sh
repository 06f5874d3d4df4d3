#!/usr/bin/env bash
# Several nodes on one PostgreSQL: reserve+complete pairs per second over HTTP against 1, 2 and 3
# application nodes (Spring contexts in one JVM, each with its own Tomcat and JDBC pool) sharing one
# embedded PostgreSQL. Not a test; see docs/benchmarks.md, "Several nodes on one PostgreSQL".
#
#   bench/nodes-throughput.sh [--nodes 1,2,3] [--clients 24] [--accounts N] [--initial-warmup S]
#                             [--warmup S] [--measure S] [--rounds N]
#
# With no arguments: --nodes 1,2,3 --clients 24 --initial-warmup 30 --warmup 3 --measure 10 --rounds 3,
# about 2.5 minutes plus the build. Results are printed as markdown and written to
# target/bench-nodes-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test

mkdir -p target/bench-classes
# Not target/test-classes: its config/application.properties would change the pool size.
CP="target/classes:$(cat target/bench-classpath.txt)"
javac --release 17 -proc:none -nowarn -d target/bench-classes -cp "$CP" bench/src/dev/creditdesk/bench/NodesThroughput.java

exec java -Xms1g -Xmx1g -cp "target/bench-classes:$CP" dev.creditdesk.bench.NodesThroughput "$@"
