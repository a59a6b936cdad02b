#!/usr/bin/env bash
# Soak: the balancer under moderate load for SOAK_MINUTES, sampling the Payara Micro process
# every SAMPLE seconds: RSS, heap in use right after a full GC (jcmd GC.run, GC.heap_info),
# open file descriptors and threads. Flat curves mean nothing leaks. Not part of CI.
#
# Load: wrk with CONNS connections, each pausing DELAY_MS between requests (about
# CONNS * 1000 / (DELAY_MS + latency) requests/s): GETs, and one POST of 1 KiB in four.
# Beside it, once a second, the failure paths that could leak: a request refused for
# smuggling, a client that leaves mid-download, and (every 10 s) one backend stopped for 2 s.
#
# Usage: bench/soak.sh                   # 30 minutes
#        SOAK_MINUTES=2 bench/soak.sh    # a quick check of the script itself
# Knobs: SOAK_MINUTES=30 SAMPLE (seconds; default: 60 samples per run, at least 10 s)
#        CONNS=16 DELAY_MS=10 HEAP=256m PORT=9391 (backends on PORT+1..PORT+3)
#        KEEP=1 keeps the temp dir with the server's and backends' logs
# Writes bench/results/soak-<date>.csv and prints a summary with the first, last and
# highest value of each column.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/heap.sh

SOAK_MINUTES=${SOAK_MINUTES:-30}
SAMPLE=${SAMPLE:-$(( SOAK_MINUTES * 60 / 60 > 10 ? SOAK_MINUTES * 60 / 60 : 10 ))}
CONNS=${CONNS:-16}
DELAY_MS=${DELAY_MS:-10}
HEAP=${HEAP:-256m}
PORT=${PORT:-9391}
B1=$((PORT + 1)); B2=$((PORT + 2)); B3=$((PORT + 3))
for t in nginx wrk curl jcmd; do command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }; done

mvn -B -q package -DskipTests
WORK=$(mktemp -d /tmp/lbsoak.XXXXXX)
chmod 755 "$WORK"
mkdir -p bench/results "$WORK/www" "$WORK/logs" "$WORK/secrets"
chmod 755 "$WORK/www"
CSV=bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).csv
PIDS=()
cleanup() {
  [ -f "$WORK/flap.pids" ] && PIDS+=($(cat "$WORK/flap.pids"))
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

head -c 128 /dev/zero | tr '\0' 'x' > "$WORK/www/body"
head -c 8388608 /dev/zero | tr '\0' 'x' > "$WORK/www/big"
chmod 644 "$WORK/www/body" "$WORK/www/big"
backend_conf() { # $1: name, $2.. ports
  local name=$1; shift
  {
    echo "worker_processes 1; daemon off; error_log $WORK/logs/$name.err warn; pid $WORK/$name.pid;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; keepalive_requests 1000000;"
    for p in "$@"; do
      echo "  server { listen 127.0.0.1:$p; root $WORK/www;"
      echo "    location /post { client_body_buffer_size 16k; return 200 'ok'; }"
      echo "    location /big { try_files /big =404; }"
      echo "    location / { try_files /body =404; } }"
    done
    echo "}"
  } > "$WORK/$name.conf"
}
backend_conf steady "$B1" "$B2"
backend_conf flapping "$B3"
nginx -c "$WORK/steady.conf" -p "$WORK" & PIDS+=($!)
nginx -c "$WORK/flapping.conf" -p "$WORK" & FLAP=$!; PIDS+=($FLAP)

printf 'http://127.0.0.1:%s,http://127.0.0.1:%s,http://127.0.0.1:%s' "$B1" "$B2" "$B3" > "$WORK/secrets/lb.backends"
java -Xmx"$HEAP" @server-config/payara/jvm.args -jar target/payara-micro.jar --nohazelcast --port "$PORT" --secretsdir "$WORK/secrets" \
  --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
  --postbootcommandfile server-config/payara/postboot.asadmin \
  --postdeploycommandfile server-config/payara/postdeploy.asadmin \
  --deploy target/lb.war > "$WORK/logs/payara.log" 2>&1 & LB=$!; PIDS+=($LB)
# Ready when Payara says so and the balancer's own endpoint answers (the port opens once the WAR
# is deployed).
for _ in $(seq 1 240); do
  grep -q 'ready in' "$WORK/logs/payara.log" && curl -sf -o /dev/null "http://127.0.0.1:$PORT/_lb/health/ready" && break
  kill -0 "$LB" 2>/dev/null || { tail -20 "$WORK/logs/payara.log" >&2; exit 1; }
  sleep 0.5
done

cat > "$WORK/soak.lua" <<EOF
local n = 0
local body = string.rep("p", 1024)
local threads = {}
statuses = {}
setup = function(thread) table.insert(threads, thread) end
request = function()
  n = n + 1
  if n % 4 == 0 then
    return wrk.format("POST", "/post?n=" .. n, {["Content-Type"] = "text/plain"}, body)
  end
  return wrk.format("GET", "/get?n=" .. n)
end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
delay = function() return $DELAY_MS end
done = function()
  local all = {}
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do all[status] = (all[status] or 0) + count end
  end
  local line = "statuses:"
  for status, count in pairs(all) do line = line .. " " .. status .. "=" .. count end
  print(line)
end
EOF
wrk -t1 -c"$CONNS" -d"${SOAK_MINUTES}m" --timeout 10s -s "$WORK/soak.lua" "http://127.0.0.1:$PORT/" > "$WORK/wrk.out" 2>&1 & WRK=$!; PIDS+=($WRK)

# The failure paths, once a second while wrk runs.
(
  i=0
  while kill -0 "$WRK" 2>/dev/null; do
    i=$((i + 1))
    { exec 3<>/dev/tcp/127.0.0.1/"$PORT" &&
      printf 'POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' >&3 &&
      timeout 2 cat <&3 > /dev/null; exec 3>&-; } 2>/dev/null || true
    curl -s -o /dev/null --max-time 0.05 "http://127.0.0.1:$PORT/big" || true
    if [ $((i % 10)) -eq 0 ] && kill -0 "$FLAP" 2>/dev/null; then
      kill "$FLAP"; sleep 2
      nginx -c "$WORK/flapping.conf" -p "$WORK" & FLAP=$!
      echo "$FLAP" >> "$WORK/flap.pids"
    fi
    sleep 1
  done
) & SIDE=$!; PIDS+=($SIDE)

echo "elapsed_s,rss_kb,heap_after_gc_kb,fds,threads" > "$CSV"
START=$(date +%s)
while kill -0 "$WRK" 2>/dev/null; do
  HEAP_KB=$(heap_after_gc_kb "$LB")
  RSS_KB=$(awk '/^VmRSS/ {print $2}' /proc/"$LB"/status)
  THREADS_N=$(awk '/^Threads/ {print $2}' /proc/"$LB"/status)
  FDS=$(ls /proc/"$LB"/fd | wc -l)
  echo "$(( $(date +%s) - START )),$RSS_KB,$HEAP_KB,$FDS,$THREADS_N" | tee -a "$CSV"
  for _ in $(seq 1 "$SAMPLE"); do kill -0 "$WRK" 2>/dev/null || break; sleep 1; done
done
wait "$SIDE" || true

echo
cat "$WORK/wrk.out"
echo
echo "samples in $CSV"
awk -F, 'NR == 2 { for (i = 2; i <= 5; i++) { first[i] = $i; max[i] = $i } }
         NR > 1  { for (i = 2; i <= 5; i++) { last[i] = $i; if ($i > max[i]) max[i] = $i } }
         NR == 1 { for (i = 2; i <= 5; i++) name[i] = $i }
         END { printf "%-18s %10s %10s %10s\n", "", "first", "last", "highest";
               for (i = 2; i <= 5; i++) printf "%-18s %10s %10s %10s\n", name[i], first[i], last[i], max[i] }' "$CSV"
