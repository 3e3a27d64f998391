#!/usr/bin/env bash
# JMH micro-benchmarks of the learning core (select and update with 100,000 states; checkpoint cost).
# Usage: bench/jmh.sh [benchmark name pattern] [JMH options, e.g. -f 1 -wi 3 -i 5]
#   bench/jmh.sh -f 2 -wi 5 -i 10 -w 1s -r 1s                    # every StrategistBenchmarks method
#   bench/jmh.sh squareCbFeedback -f 2 -wi 5 -i 5 -w 1s -r 1s    # only the methods matching a pattern
#   bench/jmh.sh Checkpoint                                       # CheckpointBenchmarks
#   bench/jmh.sh Aging                                            # AgingBenchmarks (sampled: the tail of learning)
set -euo pipefail
cd "$(dirname "$0")/.."
PATTERN=StrategistBenchmarks
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  case "$1" in
    Checkpoint*) PATTERN="CheckpointBenchmarks" ;;
    Aging*) PATTERN="AgingBenchmarks" ;;
    *) PATTERN="StrategistBenchmarks.$1" ;;
  esac
  shift
fi
./mvnw -B -q -DskipTests test-compile
CP=$(./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
"${JAVA:-java}" -cp "target/test-classes:target/classes:$CP" org.openjdk.jmh.Main "$PATTERN" "$@"
