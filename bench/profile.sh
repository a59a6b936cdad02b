#!/usr/bin/env bash
# Where the balancer's CPU goes: JFR (profile settings) on lb.war under wrk, after a warm-up,
# then the hottest methods by own time and by total time (bench/tools/hot.py).
#   bench/profile.sh [seconds]     # default 20; the recording is kept in target/profile.jfr
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECONDS_=${1:-20}
JFR="$ROOT/target/profile.jfr"
start_backends
LB_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" start_lb
wait_quiet
for i in 1 2 3 4 5 6; do wrk -t2 -c64 -d10s "http://127.0.0.1:$LB_PORT/bench?x=1" > /dev/null; sleep 3; done  # JIT warm-up: 60 s of load, pauses for the compiler
jcmd "$LB_PID" JFR.start name=lb settings=profile filename="$JFR" > /dev/null
wrk -t2 -c64 -d"${SECONDS_}"s "http://127.0.0.1:$LB_PORT/bench?x=1" | awk '/Requests\/sec/'
jcmd "$LB_PID" JFR.stop name=lb > /dev/null
echo "$(machine_note)"
jfr print --events jdk.ExecutionSample --stack-depth 96 "$JFR" | python3 "$ROOT/bench/tools/hot.py"
