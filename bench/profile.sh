#!/usr/bin/env bash
# Where the balancer's CPU goes. After a JIT warm-up under wrk, 10 s of load measure req/s and the
# balancer's CPU per request (robust when the machine is shared); then JFR (profile settings, on since boot)
# records N seconds of load, and bench/tools/hot.py prints the request's phases and the hottest
# methods by own and by total time.
#   bench/profile.sh [seconds]     # default 20; the recording is kept in target/profile.jfr
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECONDS_=${1:-20}
JFR="$ROOT/target/profile.jfr"
URL="http://127.0.0.1:$LB_PORT/bench?x=1"
start_backends
# JFR runs from boot: started later, it re-instruments classes and the JIT starts over (10x slower for a minute).
LB_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=name=boot,settings=profile,maxsize=20m" start_lb
wait_quiet
warm_up "$URL"

measure() { # seconds label
  load_with_cpu "$1" "$URL" | awk -v l="$2" '{printf "%s: %.0f req/s, balancer CPU %d us per request\n", l, $1, $4}'
}
measure 10 "load"
jcmd "$LB_PID" JFR.start name=lb settings=profile filename="$JFR" > /dev/null
measure "$SECONDS_" "load, recorded"
jcmd "$LB_PID" JFR.stop name=lb > /dev/null
echo "$(machine_note)"
jfr print --events jdk.ExecutionSample --stack-depth 96 "$JFR" | python3 "$ROOT/bench/tools/hot.py"
