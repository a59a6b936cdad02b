#!/usr/bin/env bash
# Every measure of the performance issue, one after another, each with its ratio or figure, then
# a summary. About 35 minutes on 2 cores, longer when other builds share the machine: each
# measure first waits (up to QUIET_WAIT seconds, default 600) for other Java processes to idle.
#   bench/run-all.sh               # all
#   bench/run-all.sh inbound idle  # some: compare compare1024 transfers idle startup warmup bodies inbound models profile websocket
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh  # wait_quiet, machine_note

mvn -B -q package -DskipTests
mvn -B -q -f bench/trivial/pom.xml package

LOG=target/bench-$(date +%Y%m%d-%H%M%S).log
measures=("$@")
[ ${#measures[@]} -gt 0 ] || measures=(compare compare1024 transfers idle startup warmup bodies inbound models profile websocket)

run() { # name command...
  local name=$1
  shift
  echo "=== $name: $*" | tee -a "$LOG"
  "$@" 2>&1 | tee -a "$LOG" || echo "RESULT $name failed" | tee -a "$LOG"
}

# bench/compare.sh (nginx and HAProxy beside the project); its table gives the ratios to nginx.
compare_measure() {
  local out
  wait_quiet
  out=$(bench/compare.sh)
  echo "$out"
  echo "$(machine_note)"
  awk '$1=="nginx"{p=$4} $1=="project"{printf "RESULT vs_nginx=%s p99_ms=%s p99_vs_nginx=%.1f errors=%s\n", $6, $4, $4/p, $5}' <<<"$out"
}

# bench/profile.sh: the balancer's CPU per request, and where it goes.
profile_measure() {
  local out
  out=$(bench/profile.sh)
  echo "$out"
  awk '/^load:/{printf "RESULT cpu_us_per_request=%s req_s=%s\n", $(NF-3), $2}' <<<"$out"
}

for m in "${measures[@]}"; do
  case $m in
    compare) run compare compare_measure ;;
    compare1024) CONNS=1024 run compare1024 compare_measure ;;
    transfers) run transfers bench/transfers.sh ;;
    idle) run idle bench/idle.sh ;;
    startup) run startup bench/startup.sh ;;
    warmup) run warmup bench/warmup.sh ;;
    bodies) run bodies bench/bodies.sh ;;
    inbound) run inbound bench/inbound.sh ;;
    models) run models bench/models.sh ;;
    profile) run profile profile_measure ;;
    websocket) run websocket bench/websocket.sh ;;
    *) echo "unknown measure $m" >&2; exit 2 ;;
  esac
done

echo
echo "=== summary ($LOG)"
awk '/^=== /{name=$2} /^RESULT/{sub(/^RESULT /, ""); printf "%-13s %s\n", name, $0}' "$LOG"
