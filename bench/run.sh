#!/usr/bin/env bash
# Runs the benchmark against an embedded stack it starts itself (see bench/README.md).
#   bench/run.sh                 quick mode (under two minutes)
#   bench/run.sh --mode=full     the figures in bench/README.md (about 25 minutes, 20 GB heap)
# Any flag of BenchOptions may follow, e.g. --customers=200000 --events=400000 --parts=engine,recalc
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/bench-0.1.0-SNAPSHOT-exec.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find . -path ./bench/target -prune -o -name '*.java' -newer "$jar" -print -quit)" ]]; then
  ./mvnw -B -q -ntp -DskipTests -pl bench -am install
fi
heap=4g
for arg in "$@"; do [[ "$arg" == "--mode=full" ]] && heap=20g; done
ulimit -n 65536 2>/dev/null || true
# The JDK of JAVA_HOME when set (the shipped image runs Temurin 25: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64), else java on the PATH.
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx"$heap" -jar "$jar" "$@"
