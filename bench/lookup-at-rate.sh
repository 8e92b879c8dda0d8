#!/usr/bin/env bash
# The lookup at a fixed rate (1,000/s: the target's), measured from a process of its own against a stack already
# running with customers c-0..c-499, then the liveness probe at the same rate (see bench/README.md, issue 22):
#   ./run-local.sh --data-dir=/tmp/wl &                                        # wait for "ready"
#   wrk -t2 -c32 -d25s -s bench/order.lua http://localhost:8081                 # orders for c-0..c-499
#   bench/lookup-at-rate.sh [--rate=1000 --seconds=20 --rounds=2 --port=8082]
# (./run-local.sh --processes puts loyalty-service in a JVM of its own, as in production.)
# Runs on JAVA_HOME's JDK when set, else java on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp -DskipTests -pl bench -am install
# online: on a fresh machine the dependency plugin itself is not in the local repository yet
./mvnw -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.loyalty.bench.LookupAtRate "$@"
