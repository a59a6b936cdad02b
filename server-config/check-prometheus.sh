#!/usr/bin/env bash
# A real Prometheus scrapes the balancer's metrics and has exact values for them.
#
#   bash server-config/check-prometheus.sh
#
# Needs Java 17, Maven, curl, jq and Debian's prometheus package (installed with apt-get when
# missing, which needs root). Builds the WAR (mvn package -DskipTests), starts three
# server-config/EchoBackend.java on 127.0.0.1 (ports LB_PORT+1 to +3), Payara Micro with
# target/lb.war on 127.0.0.1:LB_PORT (9480; the shipped preboot-loopback, postboot and
# postdeploy files) and Prometheus on 127.0.0.1:PROM_PORT (9490) with a generated configuration
# that scrapes /_lb/metrics every second, without a password (127.0.0.1 is in the default
# lb.metrics.allow).
# It sends 30 requests, waits until Prometheus has scraped them, and asks its HTTP API
# (/api/v1/query) for:
#   - up{job="lb"}: 1 (Prometheus parses the whole endpoint, Payara's own metrics included)
#   - lb_requests_total{code="2xx"}: 10 for each backend (round robin)
#   - lb_request_duration_seconds_count, _bucket{le="+Inf"} and _bucket{le="60.0"}: 10 each
#   - histogram_quantile(0.5, ...) over the buckets: a number between 0 and 60 s
#   - lb_backend_up: 1 for each backend; lb_retries_total: 0
# Every process it starts is stopped by its PID, also on failure. Prints ok/FAIL per check and
# PASS or FAIL at the end (exit 1 on FAIL). Logs and Prometheus's data: target/prometheus-check/.
set -euo pipefail
cd "$(dirname "$0")/.."
LB_PORT=${LB_PORT:-9480}
PROM_PORT=${PROM_PORT:-9490}
TMP="$(pwd)/target/prometheus-check"
PIDS=()

stop() { # pid: TERM, up to 30 s to exit, then KILL
  local i
  kill "$1" 2>/dev/null || return 0
  for ((i = 0; i < 60; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && stop "$p"; done
}
trap cleanup EXIT

wait_up() { # url seconds pid: until the url answers 200, while pid lives
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "FAIL: the process for $1 exited (logs in $TMP)" >&2; return 1; }
    sleep 0.5
  done
  echo "FAIL: not answering: $1 (logs in $TMP)" >&2
  return 1
}

command -v prometheus > /dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
for p in "$LB_PORT" $((LB_PORT + 1)) $((LB_PORT + 2)) $((LB_PORT + 3)) "$PROM_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/"; then echo "FAIL: something listens on 127.0.0.1:$p" >&2; exit 1; fi
done
mvn -B -q package -DskipTests
rm -rf "$TMP" && mkdir -p "$TMP"

BACKENDS=()
for i in 1 2 3; do
  java server-config/EchoBackend.java $((LB_PORT + i)) "b$i" > "$TMP/backend-$i.log" 2>&1 &
  PIDS+=($!)
  BACKENDS+=("http://127.0.0.1:$((LB_PORT + i))")
done
LB_BACKENDS=$(IFS=,; echo "${BACKENDS[*]}") java -Xmx256m -jar target/payara-micro.jar --nohazelcast --deploy target/lb.war \
  --port "$LB_PORT" --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
  --postbootcommandfile server-config/payara/postboot.asadmin \
  --postdeploycommandfile server-config/payara/postdeploy.asadmin > "$TMP/payara.log" 2>&1 &
PAYARA=$!
PIDS+=($PAYARA)

cat > "$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: lb
    metrics_path: /_lb/metrics
    static_configs:
      - targets: ['127.0.0.1:$LB_PORT']
EOF
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$TMP/prometheus.log" 2>&1 &
PROMETHEUS=$!
PIDS+=($PROMETHEUS)

wait_up "http://127.0.0.1:$PROM_PORT/-/ready" 60 "$PROMETHEUS"
wait_up "http://127.0.0.1:$LB_PORT/_lb/health/ready" 240 "$PAYARA"

PASSED=0
FAILED=0
same() { # description expected actual
  if [ "$2" == "$3" ]; then
    echo "  ok   $1: $3"
    PASSED=$((PASSED + 1))
  else
    echo "  FAIL $1: expected '$2', got '$3'"
    FAILED=$((FAILED + 1))
  fi
}
query() { # PromQL: the result as "backend value" lines, sorted, joined by ", "
  curl -fsS --max-time 5 -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" |
    jq -r '[.data.result[] | ((.metric.backend // "") + " " + .value[1]) | ltrimstr(" ")] | sort | join(", ")'
}
each() { # value: the expected query result, that value for every backend
  local b out=()
  for b in "${BACKENDS[@]}"; do out+=("$b $1"); done
  (IFS=,; echo "${out[*]}") | sed 's/,/, /g'
}

echo "== Prometheus $(prometheus --version 2>&1 | head -n 1 | cut -d' ' -f3) scraping Payara Micro on 127.0.0.1:$LB_PORT/_lb/metrics"
ok=0
for ((i = 0; i < 30; i++)); do
  [ "$(curl -s -o /dev/null --max-time 10 -w '%{http_code}' "http://127.0.0.1:$LB_PORT/x")" == 200 ] && ok=$((ok + 1))
done
same "requests through the balancer answered 200" 30 "$ok"
total=""
for ((i = 0; i < 60; i++)); do
  total=$(query 'sum(lb_requests_total{code="2xx"})')
  [ "$total" == 30 ] && break
  sleep 0.5
done
same "Prometheus has every request (after $((i / 2)) s)" 30 "$total"
same 'up{job="lb"}' 1 "$(query 'up{job="lb"}')"
same 'lb_requests_total{code="2xx"}' "$(each 10)" "$(query 'lb_requests_total{code="2xx"}')"
same 'lb_request_duration_seconds_count' "$(each 10)" "$(query 'lb_request_duration_seconds_count')"
same 'lb_request_duration_seconds_bucket{le="+Inf"}' "$(each 10)" "$(query 'lb_request_duration_seconds_bucket{le="+Inf"}')"
same 'lb_request_duration_seconds_bucket{le="60.0"}' "$(each 10)" "$(query 'lb_request_duration_seconds_bucket{le="60.0"}')"
median=$(query 'histogram_quantile(0.5, sum by (le) (lb_request_duration_seconds_bucket))')
same "histogram_quantile(0.5) over the buckets is between 0 and 60 s ($median s)" yes \
  "$(awk -v m="$median" 'BEGIN { print (m > 0 && m <= 60) ? "yes" : "no" }')"
same 'lb_backend_up' "$(each 1)" "$(query 'lb_backend_up')"
same 'lb_retries_total' 0 "$(query 'lb_retries_total')"
if [ "$FAILED" != 0 ]; then
  curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/targets" | jq -c '.data.activeTargets[] | {health, lastError}' || true
fi
echo "$PASSED checks passed, $FAILED failed"
if [ "$FAILED" == 0 ]; then echo PASS; else echo FAIL; exit 1; fi
