#!/usr/bin/env bash
# Time from `java -jar payara-micro.jar ... --deploy lb.war` to the first request forwarded to a
# backend and answered 200, three times; prints each and the median. Needs target/lb.war.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_backends
wait_quiet
times=()
for i in 1 2 3; do
  t0=$(date +%s%N)
  launch_lb
  wait_up "http://127.0.0.1:$LB_PORT/bench" 180
  t1=$(date +%s%N)
  times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b - a) / 1e9}')")
  stop_lb
done
median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
echo "$(machine_note)"
echo "startup to first forwarded request: ${times[*]} s; median ${median} s"
echo "RESULT startup_s=$median"
