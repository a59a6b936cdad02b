#!/usr/bin/env bash
# 1 MB request bodies (POST, wrk with a Lua script) through nginx and through lb.war, interleaved.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

head -c 1048576 /dev/zero | tr '\0' 'x' > "$WORK/body.bin"
cat > "$WORK/post.lua" <<LUA
local f = io.open("$WORK/body.bin", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
start_backends
start_nginx_lb
start_lb
wait_quiet
echo "# 1 MiB POST bodies; wrk -t${THREADS:-2} -c${CONNS:-64} -d${DURATION:-8}s x ${ROUNDS:-3} rounds, interleaved"
table=$(SCRIPT="$WORK/post.lua" WARMUP=${WARMUP:-30} rounds nginx="http://127.0.0.1:$NGINX_PORT/upload" lb="http://127.0.0.1:$LB_PORT/upload")
echo "$table"
echo "$(machine_note)"
echo "RESULT bodies_vs_nginx=$(awk '$1=="lb"{print $6}' <<<"$table") errors=$(awk '$1=="lb"{print $5}' <<<"$table")"
