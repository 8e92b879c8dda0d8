#!/usr/bin/env bash
# Runs the whole loyalty platform on this machine, in one JVM:
#   Kafka (KRaft) localhost:9092 · MongoDB stand-in localhost:27017 ·
#   order-events-service :8081 · loyalty-service :8082 · audit-service :8083
# Data lives in .local-data/ and survives a restart. Ctrl-C (or SIGTERM) stops everything.
#   ./run-local.sh            start (builds first if needed)
#   ./run-local.sh --clean    start with empty data
set -euo pipefail
cd "$(dirname "$0")"

jar() { ls local-stack/target/local-stack-*-exec.jar 2>/dev/null | head -1; }

# Build when there is no runnable jar yet, or a source is newer than it.
JAR=$(jar)
if [ -z "$JAR" ] || [ -n "$(find . \( -name target -o -name .git -o -name .local-data -o -name node_modules \) -prune -o \
      -type f \( -name '*.java' -o -name '*.avsc' -o -name '*.properties' -o -name '*.xml' \) -newer "$JAR" -print -quit)" ]; then
  echo "Building the local stack (./mvnw package, tests skipped)..."
  ./mvnw -q -B -DskipTests -pl local-stack -am package
  JAR=$(jar)
fi

# exec: the JVM receives Ctrl-C/SIGTERM itself and shuts down in order; nothing is left behind.
exec java -Xms512m -Xmx2g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -jar "$JAR" "$@"
