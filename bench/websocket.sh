#!/usr/bin/env bash
# WebSocket echo through lb.war beside the same echo server reached directly, in one run:
# messages/s and round-trip p50/p99 for small messages over CONNS connections (closed loop:
# each connection sends its next message when the echo of the last is back). The echo server
# is lb.testing.WebSocketBackend (one thread per connection), the client the JDK's WebSocket
# (bench/tools/WebSocketLoad.java), both on this machine, so the figures are the whole path's.
# Env: CONNS (default 64), SIZE (bytes, default 64), DURATION (seconds, default 10), ROUNDS (default 3).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CONNS=${CONNS:-64}
SIZE=${SIZE:-64}
DURATION=${DURATION:-10}
BACKEND_PORT=9121
[ -f "$ROOT/target/test-classes/lb/testing/WebSocketBackend.class" ] || (cd "$ROOT" && mvn -B -q test-compile)
java -cp "$ROOT/target/test-classes" lb.testing.WebSocketBackend "$BACKEND_PORT" > "$WORK/logs/ws-backend.log" 2>&1 &
PIDS+=($!)
LB_BACKENDS="http://127.0.0.1:$BACKEND_PORT" start_lb
wait_quiet
load() { # port warmup: "messages/s p50_us p99_us"
  java "$ROOT/bench/tools/WebSocketLoad.java" "$1" "$CONNS" "$DURATION" "$SIZE" "$2" |
    awk '/^messages/{m=$2} /^p50/{p50=$2; p99=$4} END{print m, p50, p99}'
}
load "$LB_PORT" 20 > /dev/null # the JIT's warm-up on the balancer's path
echo "# $SIZE-byte messages, $CONNS connections, ${DURATION}s x ${ROUNDS:-3} rounds, interleaved"
echo "$(machine_note)"
lb=() direct=()
for ((r = 1; r <= ${ROUNDS:-3}; r++)); do
  d=$(load "$BACKEND_PORT" 2); direct+=("$d")
  l=$(load "$LB_PORT" 2); lb+=("$l")
  echo "round $r: direct $d | balancer $l   (messages/s p50_us p99_us)"
done
best() { printf '%s\n' "$@" | sort -n -k1 | tail -1; }
b_lb=$(best "${lb[@]}"); b_direct=$(best "${direct[@]}")
ratio=$(awk -v a="${b_lb%% *}" -v b="${b_direct%% *}" 'BEGIN{printf "%.2f", a / b}')
echo "best: direct $b_direct | balancer $b_lb | balancer/direct ${ratio}x"
echo "RESULT websocket_msgs_lb=${b_lb%% *} websocket_msgs_direct=${b_direct%% *} ratio=$ratio"
