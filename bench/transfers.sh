#!/usr/bin/env bash
# 8 concurrent 1 GiB transfers (4 uploads, 4 downloads) through lb.war on a Payara Micro with
# -Xmx256m; every SHA-256 checked (bench/tools/Transfers.java is client and backend). Prints the
# heap in use after a full GC before and after, and whether the server logged an OutOfMemoryError.
# Env: SIZE (bytes, default 1 GiB), UPS=4, DOWNS=4.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SIZE=${SIZE:-1073741824}
BACKEND_PORT=9111
wait_quiet
HEAP=256m LB_BACKENDS="http://127.0.0.1:$BACKEND_PORT" start_lb
# Warm the path once with a small transfer, then take the idle heap.
java "$ROOT/bench/tools/Transfers.java" "$LB_PORT" "$BACKEND_PORT" 1048576 1 1 > /dev/null
idle=$(heap_after_gc_mb "$LB_PID")
status=0
java "$ROOT/bench/tools/Transfers.java" "$LB_PORT" "$BACKEND_PORT" "$SIZE" "${UPS:-4}" "${DOWNS:-4}" || status=$?
after=$(heap_after_gc_mb "$LB_PID")
oom=$(grep -c OutOfMemoryError "$WORK/logs/payara.log" || true)
echo "$(machine_note)"
echo "heap after full GC: idle ${idle} MB, after the transfers ${after} MB; OutOfMemoryError in the log: $oom; RSS $(rss_mb "$LB_PID") MB"
echo "RESULT transfers_ok=$([ "$status" = 0 ] && echo yes || echo no) heap_idle_mb=$idle heap_after_mb=$after oom=$oom"
