#!/usr/bin/env bash
# JMH micro-benchmarks of the learning core (select and update with 100,000 states).
# Usage: bench/jmh.sh [JMH options, e.g. -f 1 -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile
CP=$(./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
"${JAVA:-java}" -cp "target/test-classes:target/classes:$CP" org.openjdk.jmh.Main StrategistBenchmarks "$@"
