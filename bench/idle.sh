#!/usr/bin/env bash
# 5,000 idle keep-alive client connections held open on lb.war, then wrk load beside them;
# afterwards every idle connection must answer a second request. Prints errors and RSS.
# Env: IDLE (default 5000), DURATION (load seconds, default 10).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

IDLE=${IDLE:-5000}
start_backends
start_lb
wait_quiet
wrk -t2 -c64 -d10s "http://127.0.0.1:$LB_PORT/bench" > /dev/null
rss_before=$(rss_mb "$LB_PID")
java "$ROOT/bench/tools/IdleConnections.java" "$LB_PORT" "$IDLE" $((${DURATION:-10} + 5)) /bench > "$WORK/idle.out" 2>&1 &
IDLE_PID=$!
PIDS+=($IDLE_PID)
until grep -qs ready "$WORK/idle.out" || ! kill -0 "$IDLE_PID" 2>/dev/null; do sleep 0.5; done
rss_idle=$(rss_mb "$LB_PID")
out=$(wrk -t2 -c64 -d"${DURATION:-10}"s --latency "http://127.0.0.1:$LB_PORT/bench")
rss_load=$(rss_mb "$LB_PID")
status=0
wait "$IDLE_PID" || status=$?
errs=$(awk '/Non-2xx|Socket errors/{ for (k=1;k<=NF;k++) if ($k ~ /^[0-9]+,?$/) { gsub(",","",$k); s+=$k } } END{print s+0}' <<<"$out")
echo "$(machine_note)"
cat "$WORK/idle.out"
echo "load beside them: $(awk '/^Requests\/sec/{print $2}' <<<"$out") req/s, p99 $(awk '$1=="99%"{print $2}' <<<"$out"), errors $errs"
echo "RSS: ${rss_before} MB before, ${rss_idle} MB with $IDLE idle connections, ${rss_load} MB after the load"
echo "RESULT idle_ok=$([ "$status" = 0 ] && [ "$errs" = 0 ] && echo yes || echo no) rss_idle_mb=$rss_idle rss_load_mb=$rss_load"
