#!/usr/bin/env bash
# How soon after a start the balancer forwards at its full rate: boots it, then req/s in successive
# 8 s windows of wrk -t2 -c64 from the first request (no warm-up). The JIT compiles the hot path
# during the first windows (README: Run it on your own backends).
#   bench/warmup.sh [windows]                          # default 10
#   LB_JAVA_OPTS=-XX:CICompilerCount=8 bench/warmup.sh  # with more JIT compiler threads
# Needs target/lb.war.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WINDOWS=${1:-10}
start_backends
start_lb
wait_quiet
rates=()
for ((i = 0; i < WINDOWS; i++)); do
  rates+=("$(wrk -t2 -c64 -d8s "http://127.0.0.1:$LB_PORT/bench?x=1" | awk '/^Requests\/sec/{printf "%.0f", $2}')")
done
echo "$(machine_note)"
echo "req/s in successive 8 s windows after the first request: ${rates[*]}"
# Full rate: the first window at 90% or more of the best one; when that is the last window the
# rate may still be climbing, and full rate was not reached.
best=$(printf '%s\n' "${rates[@]}" | sort -g | tail -1)
for i in "${!rates[@]}"; do
  if [ "${rates[$i]}" -ge $((best * 9 / 10)) ]; then
    if [ $((i + 1)) -lt "$WINDOWS" ]; then after=$((i * 8)); else after="over_$(((WINDOWS - 1) * 8))"; fi
    echo "RESULT full_rate_after_s=$after best_req_s=$best"
    break
  fi
done
