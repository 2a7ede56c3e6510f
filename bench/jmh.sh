#!/usr/bin/env bash
# JMH micro-benchmarks of the codec and the topic match (berth-bench test sources; never run by mvn verify).
#   bench/jmh.sh                 # all of them
#   bench/jmh.sh Codec -p qos=0  # any JMH arguments: a regexp of benchmarks, -p, -f, -wi, -i, -prof gc ...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="berth-bench/target/jmh.classpath"
mvn -B -q -DskipTests test-compile dependency:build-classpath -pl berth-bench -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cp_file"
exec java -cp "berth-bench/target/test-classes:berth-bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$@"
