#!/usr/bin/env bash
# The heap a learned model takes and the size of its export, per candidate (squarecb) or per value (q-table), for
# the shapes docs/BENCHMARKS.md reports (ModelFootprintBenchmarks). Serial collector so that the heap after a full
# collection is exact; JAVA picks another JDK.
# Run from the repository's root: bench/footprint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile
CP=$(./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
"${JAVA:-java}" -XX:+UseSerialGC -Xmx4g -cp "target/test-classes:target/classes:$CP" \
  io.aurora.intelligence.strategist.ModelFootprintBenchmarks
