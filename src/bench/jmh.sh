#!/usr/bin/env bash
# Runs the JMH benchmarks of src/bench/java (port table loading and lookup, matching).
# Usage: src/bench/jmh.sh [JMH ARGUMENTS]   e.g. src/bench/jmh.sh TableBenchmark -f 1
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -Pjmh test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath \
    -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@"
