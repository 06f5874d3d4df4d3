#!/usr/bin/env bash
# Policy evaluation benchmark (JMH): evaluations per second of each shipped policy, one thread.
# Not a test; see docs/benchmarks.md.
#
#   bench/policy-evaluation.sh [JMH options] [benchmark regex]
#
# Defaults: -t 1 -f 1 -wi 5 -w 3s -i 5 -r 3s (about 4.5 minutes on a shared 2-core machine, plus
# the build). An option you give replaces its default, the others stay; anything JMH accepts can
# be added, e.g. `-prof gc`, `-p policy=case-review`, `-rf json -rff target/jmh.json`, or a regex
# such as `tieredProportional` to run only matching benchmarks. `-h` lists JMH's options.
#
# `bench/policy-evaluation.sh --cpu-time` runs PolicyEvaluationCpuTime instead: the same cases,
# measured in decisions per CPU-second of the benchmark thread and bytes per decision (a cross-check
# on a machine shared with other work).
#
# JMH (1.37, from Maven Central) is resolved through bench/jmh/pom.xml, not the product's pom.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
./mvnw -q -B -f bench/jmh/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/target/jmh-classpath.txt"

rm -rf target/jmh-classes target/jmh-generated
mkdir -p target/jmh-classes target/jmh-generated
JMH_CP="$(cat target/jmh-classpath.txt)"
CP="target/classes:$(cat target/bench-classpath.txt):$JMH_CP"
# The JMH annotation processor writes the generated benchmark classes and META-INF/BenchmarkList.
javac --release 17 -nowarn -d target/jmh-classes -s target/jmh-generated -cp "$CP" -processorpath "$JMH_CP" \
  bench/src/dev/creditdesk/bench/PolicyEvaluationBenchmark.java bench/src/dev/creditdesk/bench/PolicyEvaluationCpuTime.java

if [ "${1:-}" = "--cpu-time" ]; then
  exec java -Xms1g -Xmx1g -cp "target/jmh-classes:$CP" dev.creditdesk.bench.PolicyEvaluationCpuTime
fi

defaults=(-t 1 -f 1 -wi 5 -w 3s -i 5 -r 3s)
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  given=false
  for a in "$@"; do
    if [ "$a" = "${defaults[i]}" ]; then given=true; fi
  done
  if [ "$given" = false ]; then args+=("${defaults[i]}" "${defaults[i+1]}"); fi
done

# Forks inherit these JVM options. The working directory stays the repository root, where the
# benchmark reads policies/*.yaml and policies/*.cases.yaml.
exec java -Xms1g -Xmx1g -cp "target/jmh-classes:$CP" org.openjdk.jmh.Main "${args[@]}" "$@"
