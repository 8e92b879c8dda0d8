#!/usr/bin/env bash
# What the local stack's durable store costs ingestion: POST /api/v1/orders with wrk (apt-get install wrk)
# against ./run-local.sh on a scratch data directory, then how many events the engine applied meanwhile.
#   bench/durability-cost.sh LABEL
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf /tmp/md; ./run-local.sh --data-dir=/tmp/md > /tmp/md.log 2>&1 &
PID=$!
for i in $(seq 1 120); do grep -q ready /tmp/md.log && break; sleep 1; done
wrk -t2 -c32 -d10s -s bench/order.lua http://localhost:8081 > /dev/null 2>&1   # warm-up
sleep 20
applied() { curl -s -H 'Authorization: Bearer dev-metrics-key' localhost:8082/actuator/prometheus | grep '^loyalty_events_total{' | grep 'outcome="applied"' | awk '{s+=$2} END {print s+0}'; }
A0=$(applied); T0=$(date +%s.%N)
wrk -t2 -c32 -d20s -s bench/order.lua http://localhost:8081 | grep -E 'Requests/sec|Latency|99%' 
wrk_end=$(date +%s.%N)
# until the engine catches up (applied stops growing)
prev=-1; while true; do a=$(applied); [ "$a" = "$prev" ] && break; prev=$a; sleep 2; done
T1=$(date +%s.%N); A1=$(applied)
echo "$1: engine applied $((${A1%.*}-${A0%.*})) events in $(echo "$T1 - $T0 - 4" | bc) s"
kill $PID; wait $PID
