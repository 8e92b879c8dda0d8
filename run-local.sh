#!/usr/bin/env bash
# Runs the whole loyalty platform on this machine:
#   Kafka (KRaft) localhost:9092 · MongoDB stand-in localhost:27017 ·
#   order-events-service :8081 · loyalty-service :8082 · audit-service :8083
# Data lives in .local-data/ and survives a restart, also a kill -9. Ctrl-C (or SIGTERM) stops everything.
#   ./run-local.sh               start, all in one JVM (builds first if needed)
#   ./run-local.sh --clean       start with empty data
#   ./run-local.sh --processes   each service in a JVM of its own (kill one alone); slower to start
#   ./run-local.sh --help        every option
# Java 17 or later: the JDK of JAVA_HOME if set, else java on the PATH (CI starts it on 17 and on 25).
set -euo pipefail
cd "$(dirname "$0")"

# The runnable jar, or nothing yet (a fresh clone): never a failure of its own.
jar() { ls local-stack/target/local-stack-*-exec.jar 2>/dev/null | head -1 || true; }

# Build when there is no runnable jar yet, or a source is newer than it.
JAR=$(jar)
if [ -z "$JAR" ]; then
  echo "Building the local stack (first run: ./mvnw package, tests skipped; a few minutes)..."
elif [ -n "$(find . \( -name target -o -name .git -o -name .local-data -o -name node_modules \) -prune -o \
      -type f \( -name '*.java' -o -name '*.avsc' -o -name '*.properties' -o -name '*.xml' -o -name '*.js' -o -name '*.css' \
      -o -name '*.html' \) -newer "$JAR" -print -quit)" ]; then
  echo "Sources changed since the last build: rebuilding the local stack (./mvnw package, tests skipped)..."
  JAR=""
fi
if [ -z "$JAR" ]; then
  ./mvnw -q -B -ntp -DskipTests -pl local-stack -am package
  JAR=$(jar)
  [ -n "$JAR" ] || { echo "The build produced no local-stack jar; see the output above." >&2; exit 1; }
  echo "Built $JAR. Starting..."
fi

# The JDK of JAVA_HOME when set (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./run-local.sh), else java on the PATH.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "Running on $("$JAVA" -version 2>&1 | head -1)"
# exec: the JVM receives Ctrl-C/SIGTERM itself and shuts down in order; nothing is left behind.
exec "$JAVA" -Xms512m -Xmx2g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -jar "$JAR" "$@"
