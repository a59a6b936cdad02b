#!/usr/bin/env bash
# Two or more configurations of the balancer side by side in one run, for settings whose effect is
# smaller than the machine's drift between runs (seen here: the same build 21k and 25k req/s in
# two runs). All variants boot at once on ports 9182, 9183, ... (AB_PORT), warm up together, then take
# turns under wrk -c64 for ROUNDS x 8 s; the medians of req/s, p99 and the balancer's CPU per
# request are printed per variant.
#   GC_g1=-XX:+UseG1GC GC_par=-XX:+UseParallelGC bench/ab.sh g1 par
# Per variant NAME: GC_NAME (JVM options in place of server-config/payara/jvm.args), OPTS_NAME (more JVM
# options), PREBOOT_NAME (an asadmin file whose lines are added to
# server-config/payara/preboot-loopback.asadmin), WAR_NAME (another build's lb.war; default the one
# this script builds). ROUNDS (default 5). SHOW_ROUNDS=1 prints every round's figures too, in the
# order they ran. REPORT: a bash command run once per variant after the rounds, while every variant
# still runs, with VARIANT and PORT set (e.g. to read its /_lb/status). AB_PORT: the first
# variant's port (default 9182); BACKEND_PORT: the first backend's (default 9101).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || { echo "usage: OPTS_a=... OPTS_b=... bench/ab.sh a b" >&2; exit 2; }
(cd "$ROOT" && mvn -B -q package -DskipTests)
start_backends
wait_quiet
declare -A PID_OF PORT_OF
port=${AB_PORT:-9182}
for v in "$@"; do
  port_free $port || exit 1
  pre="$WORK/preboot-$v.asadmin"
  cp "$ROOT/server-config/payara/preboot-loopback.asadmin" "$pre"
  extra="PREBOOT_$v"
  [ -n "${!extra:-}" ] && cat "${!extra}" >> "$pre"
  gc="GC_$v" opts="OPTS_$v" war="WAR_$v"
  LB_PORT=$port PREBOOT="$pre" LB_GC="${!gc:-${LB_GC:-}}" LB_JAVA_OPTS="${!opts:-}" LB_WAR="${!war:-$ROOT/target/lb.war}" \
    LB_LOG="$WORK/logs/payara-$v.log" launch_lb
  PID_OF[$v]=$LB_PID; PORT_OF[$v]=$port
  port=$((port + 1))
done
for v in "$@"; do
  wait_up "http://127.0.0.1:${PORT_OF[$v]}/_lb/health/ready" 180 || { tail -30 "$WORK/logs/payara-$v.log" >&2; exit 1; }
done
for v in "$@"; do warm_up "http://127.0.0.1:${PORT_OF[$v]}/bench?x=1"; done
res="$WORK/ab.tsv"
for ((r = 1; r <= ${ROUNDS:-5}; r++)); do
  for v in "$@"; do
    LB_PID=${PID_OF[$v]}
    printf '%s\t%s\n' "$v" "$(load_with_cpu 8 "http://127.0.0.1:${PORT_OF[$v]}/bench?x=1" | tr ' ' '\t')" >> "$res"
  done
done
if [ "${SHOW_ROUNDS:-0}" = 1 ]; then
  printf '%-10s %9s %9s %9s %12s\n' variant req/s p50_ms p99_ms cpu_us/req
  awk -F'\t' '{ printf "%-10s %9.0f %9.3f %9.3f %12d\n", $1, $2, $3, $4, $5 }' "$res"
fi
if [ -n "${REPORT:-}" ]; then
  for v in "$@"; do VARIANT=$v PORT=${PORT_OF[$v]} bash -c "$REPORT"; done
fi
printf '%-10s %9s %9s %12s\n' variant req/s p99_ms cpu_us/req
for v in "$@"; do
  printf '%-10s %9.0f %9.3f %12d\n' "$v" "$(column_median "$res" "$v" 2)" "$(column_median "$res" "$v" 4)" \
    "$(column_median "$res" "$v" 5)"
done
LB_PID=none
echo "$(machine_note)"
