#!/usr/bin/env bash
# The JAX-RS client connectors side by side, client side alone (no Payara, no inbound side): for
# each connector one Jersey client in a fresh JVM (bench/connectors, lb.bench.connectors.Main)
# sends GETs round robin to the three nginx backends of lib.sh (128-byte answers, each read to
# its end and closed) and reports req/s, the process's CPU time per request (the main figure:
# it holds when the machine is shared), p99 latency, errors and bytes allocated per request.
#   blocking  THREADS threads (wrk -c64 alike), each sends its next request when the last is read
#   async     INFLIGHT requests always in flight through the client's .async() API, completions
#             handled on an executor of ASYNC_THREADS threads of our own (also the client's)
#   pool N    the most keep-alive connections per backend (Apache5, Netty; HttpUrlConnection:
#             the JDK's http.maxConnections); "default" is the connector's own
# Rounds are interleaved (every measurement of round 1, then round 2, ...) and the table shows
# the medians. Before the numbers, which connectors can forward a request exactly.
# Run: bench/connectors.sh   Env: ROUNDS=3 WARMUP=5 DURATION=5 (seconds) THREADS=64 INFLIGHT=64
#      ASYNC_THREADS=8 MEASURE="HUC blocking 0;..." (a subset), QUIET_WAIT (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

MODULE="$ROOT/bench/connectors"
MEASURE=${MEASURE:-"HUC blocking 0;APACHE5 blocking 0;JNH blocking 0;NETTY blocking 0;JETTY blocking 0;HELIDON blocking 0;LB blocking 0;\
HUC async 0;APACHE5 async 0;JNH async 0;NETTY async 0;JETTY async 0;HELIDON async 0;LB async 0;\
APACHE5 async 64;APACHE5 blocking 8;APACHE5 blocking 64;APACHE5 blocking 1024;NETTY blocking 64;HUC blocking 64"}

(cd "$MODULE" && mvn -B -q package) >&2
CP="$MODULE/target/classes:$MODULE/target/lib/*"

echo "# Can each connector forward a request exactly? (one request per column to a capturing socket)"
java -cp "$CP" lb.bench.connectors.Main exact 2> "$WORK/logs/exact.err"
echo "# ... with the workarounds on (setMethodWorkaround + --add-opens java.base/java.net, allowRestrictedHeaders)"
java --add-opens java.base/java.net=ALL-UNNAMED -Dsun.net.http.allowRestrictedHeaders=true \
  -Djdk.httpclient.allowRestrictedHeaders=host -cp "$CP" lb.bench.connectors.Main exact workarounds 2>> "$WORK/logs/exact.err"
echo

start_backends
wait_quiet
results="$WORK/connectors.tsv"
: > "$results"
IFS=';' read -r -a specs <<<"$MEASURE"
for ((r = 1; r <= ${ROUNDS:-3}; r++)); do
  for spec in "${specs[@]}"; do
    read -r connector mode pool <<<"$spec"
    java -Xmx512m -cp "$CP" -Dthreads="${THREADS:-64}" -Dinflight="${INFLIGHT:-64}" -DasyncThreads="${ASYNC_THREADS:-8}" \
        -Dwarmup="${WARMUP:-5}" -Dduration="${DURATION:-5}" lb.bench.connectors.Main "$connector" "$mode" "$pool" \
        2>> "$WORK/logs/$connector-$mode-$pool.err" | grep -E '^(RESULT|UNAVAILABLE)' >> "$results" || true
  done
done

echo "# client side alone; 3 nginx backends on loopback, 128-byte answers; blocking: ${THREADS:-64} threads;" \
  "async: ${INFLIGHT:-64} in flight, ${ASYNC_THREADS:-8} executor threads; ${WARMUP:-5}s warm-up + ${DURATION:-5}s x ${ROUNDS:-3} rounds, interleaved, medians"
# median of column $1 over the rounds of measurement $key
med() { awk -F'\t' -v k="$key" -v c="$1" '$1=="RESULT" && $2"\t"$3"\t"$4==k {print $c}' "$results" | sort -g | awk '{a[NR]=$1} END{ if (NR) print a[int((NR+1)/2)]; else print "nan" }'; }
printf '%-8s %-8s %-7s %9s %10s %8s %7s %12s\n' connector mode pool req/s cpu_us/req p99_ms errors alloc_KB/req
for spec in "${specs[@]}"; do
  read -r connector mode pool <<<"$spec"
  [ "$pool" = 0 ] && pool=default
  key="$connector"$'\t'"$mode"$'\t'"$pool"
  why=$(awk -F'\t' -v k="$key" '$1=="UNAVAILABLE" && $2"\t"$3"\t"$4==k {print $5; exit}' "$results")
  if [ -n "$why" ]; then
    printf '%-8s %-8s %-7s unavailable: %s\n' "$connector" "$mode" "$pool" "$why"
    continue
  fi
  if [ "$(med 5)" = 0 ]; then # CPU per request would divide by zero requests
    printf '%-8s %-8s %-7s stalled: no request completed in the measured window (median)\n' "$connector" "$mode" "$pool"
    continue
  fi
  errs=$(awk -F'\t' -v k="$key" '$1=="RESULT" && $2"\t"$3"\t"$4==k {s+=$8} END{print s+0}' "$results")
  printf '%-8s %-8s %-7s %9.0f %10.1f %8.2f %7d %12.1f\n' "$connector" "$mode" "$pool" "$(med 5)" "$(med 6)" "$(med 7)" "$errs" "$(awk -v b="$(med 9)" 'BEGIN{print b/1024}')"
done
grep -h "first error" "$WORK"/logs/*.err 2>/dev/null | sort | uniq -c | sed 's/^/# /' || true
machine_note
