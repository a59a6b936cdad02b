#!/usr/bin/env bash
# Where the balancer's CPU goes. After a JIT warm-up under wrk, 10 s of load measure req/s and the
# balancer's CPU per request; then async-profiler (CPU samples every 997 us, Java and kernel frames,
# attached to the running server) records N seconds of load, and bench/tools/hot.py prints the share
# of each layer (kernel, Grizzly, Jersey, ...), the request's phases and the hottest methods.
#   bench/profile.sh [seconds]     # default 20; the stacks are kept in target/profile.collapsed
# async-profiler comes from Maven Central (tools.profiler:async-profiler) into ~/.m2 on first use.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECONDS_=${1:-20}
OUT="$ROOT/target/profile.collapsed"
URL="http://127.0.0.1:$LB_PORT/bench?x=1"
AP_VERSION=4.1
AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
[ -f "$AP_JAR" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION"
unzip -q -o "$AP_JAR" 'linux-x64/*' -d "$WORK/ap"
AP="$WORK/ap/linux-x64/libasyncProfiler.so"

start_backends
# Exact Java frames between safepoints, so samples land on the method that ran.
LB_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" start_lb
wait_quiet
warm_up "$URL"

measure() { # seconds label
  load_with_cpu "$1" "$URL" | awk -v l="$2" '{printf "%s: %.0f req/s, balancer CPU %d us per request\n", l, $1, $4}'
}
measure 10 "load"
jcmd "$LB_PID" JVMTI.agent_load "$AP" "\"start,event=cpu,interval=997us\"" > /dev/null
measure "$SECONDS_" "load, recorded"
jcmd "$LB_PID" JVMTI.agent_load "$AP" "\"stop,collapsed,file=$OUT\"" > /dev/null
echo "$(machine_note)"
python3 "$ROOT/bench/tools/hot.py" < "$OUT"
