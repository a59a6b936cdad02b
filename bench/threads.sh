#!/usr/bin/env bash
# Payara's HTTP worker pool (http-thread-pool max-thread-pool-size) against throughput, latency
# and CPU per request: lb.war booted once per size, 60 s JIT warm-up, then 3 x 8 s of wrk -c64.
#   bench/threads.sh [size...]     # default: 16 48 200 (200 is Payara's default)
# BASE_PREBOOT: the preboot file the sizes are added to (default server-config/payara/preboot-loopback.asadmin).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_backends
wait_quiet
URL="http://127.0.0.1:$LB_PORT/bench?x=1"
printf '%-8s %9s %9s %9s %12s\n' threads req/s p50_ms p99_ms cpu_us/req
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(16 48 200)
for size in "${sizes[@]}"; do
  pre="$WORK/preboot-$size.asadmin"
  cp "${BASE_PREBOOT:-$ROOT/server-config/payara/preboot-loopback.asadmin}" "$pre"
  echo "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-thread-pool-size=$size" >> "$pre"
  PREBOOT="$pre" start_lb
  warm_up "$URL"
  for r in 1 2 3; do load_with_cpu 8 "$URL"; done | sort -g | sed -n 2p | awk -v s="$size" '{printf "%-8s %9.0f %9.3f %9.3f %12d\n", s, $1, $2, $3, $4}'
  stop_lb
done
echo "$(machine_note)"
