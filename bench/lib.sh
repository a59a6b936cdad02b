# Shared by the bench/ scripts (sourced, not run): nginx backends and an nginx balancer on
# loopback, lb.war on Payara Micro, wrk rounds, and a note of how busy the machine was.
# Every process started here is stopped by its PID when the script exits.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/heap.sh"
WORK=$(mktemp -d /tmp/lbbench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/www" "$WORK/logs"
chmod 755 "$WORK/www"
PIDS=()
# BACKEND_PORT: the first of the three backends' ports (other helpers' benchmarks may hold the defaults).
BACKEND_PORT=${BACKEND_PORT:-9101}
BACKENDS="http://127.0.0.1:$BACKEND_PORT,http://127.0.0.1:$((BACKEND_PORT + 1)),http://127.0.0.1:$((BACKEND_PORT + 2))"
LB_PORT=9182
NGINX_PORT=9180

cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

# Three nginx backends on 9101-9103 (BACKEND_PORT) answering 128 bytes to GET (as ../shared/bench/compare.sh)
# and to POST /upload, which takes bodies up to 2 MB.
start_backends() {
  head -c 128 /dev/zero | tr '\0' x > "$WORK/www/body"
  chmod 644 "$WORK/www/body"
  local servers="" i
  for i in 0 1 2; do
    # reuseport would let these share a port with another run's backends without a word
    port_free $((BACKEND_PORT + i)) || return 1
    servers+="  server { listen 127.0.0.1:$((BACKEND_PORT + i)) reuseport; root $WORK/www; client_max_body_size 2m;
    location / { try_files /body =404; add_header X-Backend $((i + 1)); }
    location /upload { return 200 '$(cat "$WORK/www/body")'; } }
"
  done
  cat > "$WORK/backends.conf" <<EOF
worker_processes 1;
daemon off;
error_log $WORK/logs/backends.err warn;
pid $WORK/backends.pid;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
$servers}
EOF
  nginx -c "$WORK/backends.conf" -p "$WORK" & PIDS+=($!)
  wait_up "http://127.0.0.1:$BACKEND_PORT/" 20
}

# nginx as the balancer on NGINX_PORT, as compare.sh configures it, with nginx's default request
# buffering: with proxy_request_buffering off, nginx closes the client's connection whenever the
# backend answers before the whole body arrived (these backends answer at once), and wrk counts
# thousands of read errors against nginx.
start_nginx_lb() {
  cat > "$WORK/nginx-lb.conf" <<EOF
worker_processes auto;
daemon off;
error_log $WORK/logs/nginx-lb.err warn;
pid $WORK/nginx-lb.pid;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_max_body_size 2m;
  client_body_buffer_size 2m;
  upstream pool { server 127.0.0.1:$BACKEND_PORT; server 127.0.0.1:$((BACKEND_PORT + 1)); server 127.0.0.1:$((BACKEND_PORT + 2)); keepalive 128; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://pool;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF
  nginx -c "$WORK/nginx-lb.conf" -p "$WORK" & PIDS+=($!)
  wait_up "http://127.0.0.1:$NGINX_PORT/" 20
}

# lb.war (plus any extra WARs given) on Payara Micro at LB_PORT, as bench/compare.sh starts it;
# returns at once. Sets LB_PID. Env: LB_WAR (default target/lb.war), LB_LOG (default logs/payara.log), HEAP (default 512m), LB_GC (JVM options in place of server-config/payara/jvm.args), LB_JAVA_OPTS (more JVM options), PREBOOT and
# POSTBOOT (other asadmin command files),
# LB_BACKENDS (default the nginx backends). No lb.shutdown.drain: nothing in front has to notice
# the stop, and stop_lb would wait 5 s for each.
launch_lb() {
  local deploys=(--deploy "${LB_WAR:-$ROOT/target/lb.war}") w
  for w in "$@"; do deploys+=(--deploy "$w"); done
  LB_SHUTDOWN_DRAIN=${LB_SHUTDOWN_DRAIN:-0} LB_BACKENDS=${LB_BACKENDS:-$BACKENDS} java -Xmx"${HEAP:-512m}" ${LB_GC:-@$ROOT/server-config/payara/jvm.args} ${LB_JAVA_OPTS:-} -jar "$ROOT/target/payara-micro.jar" \
    --nohazelcast --port "$LB_PORT" \
    --prebootcommandfile "${PREBOOT:-$ROOT/server-config/payara/preboot-loopback.asadmin}" \
    --postbootcommandfile "${POSTBOOT:-$ROOT/server-config/payara/postboot.asadmin}" \
    --postdeploycommandfile "$ROOT/server-config/payara/postdeploy.asadmin" \
    "${deploys[@]}" > "${LB_LOG:-$WORK/logs/payara.log}" 2>&1 &
  LB_PID=$!
  PIDS+=($LB_PID)
}

# nginx backends, nginx as balancer, and the balancer with bench/trivial's WAR beside it on the same
# Payara Micro (bench/inbound.sh, bench/models.sh); returns once the machine is quiet.
start_with_trivial() {
  start_backends
  start_nginx_lb
  start_lb "$ROOT/bench/trivial/target/trivial.war"
  # Were trivial.war not deployed, lb.war would forward /_bench/... to the backends and every
  # figure would be the proxy's.
  if curl -s -D- -o /dev/null "http://127.0.0.1:$LB_PORT/_bench/servlet/x" | grep -qi '^X-Backend:'; then
    grep -m1 -A3 'Exception while deploying the app \[trivial\]' "$WORK/logs/payara.log" >&2
    echo "bench/trivial's WAR is not deployed: /_bench reached the backends through lb.war" >&2
    return 1
  fi
  wait_quiet
  echo "# 128-byte answers; wrk -t${THREADS:-2} -c${CONNS:-64} -d${DURATION:-8}s x ${ROUNDS:-3} rounds, interleaved"
}

# launch_lb, then waits until the balancer answers its own status page.
start_lb() {
  launch_lb "$@"
  wait_up "http://127.0.0.1:$LB_PORT/_lb/health/ready" 180 || { tail -30 "$WORK/logs/payara.log" >&2; return 1; }
}

stop_lb() {
  kill "$LB_PID" 2>/dev/null || true
  wait "$LB_PID" 2>/dev/null || true
}

port_free() { # port: false, with a message, when something on 127.0.0.1 listens there already
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 is in use (another benchmark?)" >&2
    return 1
  fi
}

wait_up() { # url seconds: until the URL answers 2xx
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "not answering: $1" >&2
  return 1
}

rss_mb() { awk '/VmRSS/{printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Heap in use after a full GC, in MB.
heap_after_gc_mb() {
  awk '{ printf "%.0f", $1 / 1024 }' <<<"$(heap_after_gc_kb "$1")"
}

# How busy the machine is besides this run: other Java processes (other engineers' builds and
# tests share these cores) and the load average. Printed with every result.
machine_note() {
  local others
  others=$(pgrep -x java | grep -vx "${LB_PID:-none}" | wc -l)
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), other java processes: $others"
}

# Waits (up to QUIET_WAIT seconds, default 600) until no other Java process uses the CPU.
wait_quiet() {
  local i a b
  for ((i = 0; i < ${QUIET_WAIT:-600}; i += 2)); do
    a=$(other_java_ticks); sleep 2; b=$(other_java_ticks)
    [ $((b - a)) -lt 10 ] && return 0
  done
  echo "machine still busy after ${QUIET_WAIT:-600}s; measuring anyway" >&2
}

other_java_ticks() {
  local s=0 p v
  for p in $(pgrep -x java | grep -vx "${LB_PID:-none}"); do
    v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null) || v=0
    s=$((s + ${v:-0}))
  done
  echo "$s"
}

# Up to a minute of load on 2 cores before the JIT is done (less with jvm.args' compiler
# priority): wrk -c64 on URL, with pauses that let the compiler threads catch up.
warm_up() { # url
  local i
  for i in 1 2 3 4 5 6; do wrk -t2 -c64 -d10s "$1" > /dev/null; sleep 3; done
}

# wrk -c64 on URL for SECONDS; prints "req/s p50_ms p99_ms cpu_us_per_request", the CPU being
# the balancer's (LB_PID) over the run.
load_with_cpu() { # seconds url
  local cpu0 cpu1 out n
  cpu0=$(cpu_ms "$LB_PID")
  out=$(wrk -t2 -c64 -d"$1"s --latency "$2")
  cpu1=$(cpu_ms "$LB_PID")
  n=$(awk '/requests in/{print $1}' <<<"$out")
  echo "$(awk '/Requests\/sec/{print $2}' <<<"$out") $(to_ms "$(awk '$1=="50%"{print $2}' <<<"$out")")" \
    "$(to_ms "$(awk '$1=="99%"{print $2}' <<<"$out")") $(( (cpu1 - cpu0) * 1000 / n ))"
}

# CPU time the process has used so far, in milliseconds (user + system, from /proc).
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"
}

to_ms() { # wrk latency like 1.23ms / 456.00us / 1.20s -> ms
  awk -v v="$1" 'BEGIN{ if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v+0 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000 } else print "nan" }'
}

# rounds NAME=URL ... : wrk on each URL in turn, ROUNDS times (interleaved, so drift hits all
# alike); prints median req/s, p50, p99, errors and the ratio to the first. Env: ROUNDS=3
# DURATION=8 CONNS=64 THREADS=2 WARMUP=60 (JIT; see bench/compare.sh) SCRIPT (a wrk Lua script).
rounds() {
  local res="$WORK/rounds.tsv" r a n u out rps p50 p99 errs base=""
  local script=()
  [ -n "${SCRIPT:-}" ] && script=(-s "$SCRIPT")
  : > "$res"
  for a in "$@"; do wrk -t"${THREADS:-2}" -c"${CONNS:-64}" -d"${WARMUP:-60}"s "${script[@]}" "${a#*=}" > /dev/null 2>&1 || true; done
  for ((r = 1; r <= ${ROUNDS:-3}; r++)); do
    for a in "$@"; do
      n=${a%%=*}; u=${a#*=}
      out=$(wrk -t"${THREADS:-2}" -c"${CONNS:-64}" -d"${DURATION:-8}"s --latency "${script[@]}" "$u" 2>&1)
      rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
      p50=$(to_ms "$(awk '$1=="50%"{print $2}' <<<"$out")")
      p99=$(to_ms "$(awk '$1=="99%"{print $2}' <<<"$out")")
      errs=$(awk '/Non-2xx|Socket errors/{ for (k=1;k<=NF;k++) if ($k ~ /^[0-9]+,?$/) { gsub(",","",$k); s+=$k } } END{print s+0}' <<<"$out")
      printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${rps:-0}" "$p50" "$p99" "$errs" >> "$res"
    done
  done
  printf '%-12s %10s %9s %9s %7s %9s\n' target req/s p50_ms p99_ms errors vs_first
  for a in "$@"; do
    n=${a%%=*}
    rps=$(column_median "$res" "$n" 2)
    [ -z "$base" ] && base=$rps
    awk -v n="$n" -v r="$rps" -v a="$(column_median "$res" "$n" 3)" -v b="$(column_median "$res" "$n" 4)" \
        -v e="$(awk -F'\t' -v n="$n" '$1==n{s+=$5} END{print s+0}' "$res")" -v base="$base" \
      'BEGIN{ printf "%-12s %10.0f %9.3f %9.3f %7d %9.3f\n", n, r, a, b, e, (base > 0 ? r / base : 0) }'
  done
}

column_median() { # file name column
  awk -F'\t' -v n="$2" -v c="$3" '$1==n{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END{ if (NR) print a[int((NR+1)/2)]; else print 0 }'
}
