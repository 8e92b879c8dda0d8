#!/usr/bin/env bash
# CPU per request of each JVM of a running stack, for the lookup or the liveness probe paced by wrk at ~1,000/s
# (bench/lookup-paced.lua), read from /proc/<pid>/stat before and after (see bench/README.md, issue 22):
#   ./run-local.sh --processes --data-dir=/tmp/wp &        # wait for "ready"; orders as in lookup-at-rate.sh
#   bench/cpu-per-request.sh lookup 20 <stack pid> <loyalty-service pid>
#   bench/cpu-per-request.sh probe 20 <stack pid> <loyalty-service pid>
# Prints wrk's rate and latency, then "pid <n>: <ms> ms CPU per request" for each pid. wrk's own CPU is in none of them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 lookup|probe SECONDS PID..." >&2; exit 2; }
what=$1; seconds=$2; shift 2
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, in clock ticks
declare -A before
for pid in "$@"; do before[$pid]=$(ticks "$pid"); done
out=$(PROBE=$([ "$what" = probe ] && echo 1 || echo 0) PAUSE_MS="${PAUSE_MS:-18}" \
  wrk -t2 -c"${CONNECTIONS:-20}" -d"${seconds}s" --latency -s bench/lookup-paced.lua "http://localhost:${PORT:-8082}")
echo "$out" | grep -E "Requests/sec|requests in|^ +(50|90|99)%"
requests=$(echo "$out" | awk '/requests in/ {print $1}')
hz=$(getconf CLK_TCK)
for pid in "$@"; do
  awk -v t=$(( $(ticks "$pid") - before[$pid] )) -v n="$requests" -v hz="$hz" -v pid="$pid" \
    'BEGIN { printf "pid %s: %.3f ms CPU per request\n", pid, t * 1000 / hz / n }'
done
