#!/usr/bin/env bash
# The fault suite (see bench/README.md "Fault suite"): the seeded workload into a stack of separate processes
# while services, the broker and the store are killed and restarted; then every customer reconciled.
#   bench/fault-suite.sh                               2,000 customers, 40,000 records (the README's figures)
#   bench/fault-suite.sh --customers=300 --events=4000 the size ./mvnw verify runs (FaultSuiteIT)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp -DskipTests -pl bench -am install
./mvnw -B -q -ntp -o -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt" >/dev/null
# a class path, not the bench's fat jar: the suite starts each component as "java -cp ... LocalStack --only=..."
exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.loyalty.bench.FaultSuite "$@"
