#!/usr/bin/env bash
# Builds lb.war and measures it beside nginx and HAProxy with ../shared/bench/compare.sh
# (three nginx backends, wrk on loopback, interleaved rounds). Knobs pass through:
# ROUNDS, DURATION, CONNS, THREADS, WARMUP, BODY; PREBOOT (another preboot command file).
# Usage: bench/compare.sh
# WARMUP is compare.sh's own default (20 s per target): with server-config/payara/jvm.args the JIT
# has the hot path compiled after 16-32 s of load on 2 cores. Without root (no compiler threads
# at nice -20) or with other JVM options it needs about a minute: WARMUP=60 (bench/warmup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ../shared/bench/compare.sh ] || { echo "needs ../shared/bench/compare.sh" >&2; exit 2; }
mvn -B -q package -DskipTests
ROOT=$(pwd)
export LB_START="exec java -Xmx512m @$ROOT/server-config/payara/jvm.args -jar $ROOT/target/payara-micro.jar --nohazelcast --port \$LB_PORT \
 --prebootcommandfile ${PREBOOT:-$ROOT/server-config/payara/preboot-loopback.asadmin} \
 --postbootcommandfile $ROOT/server-config/payara/postboot.asadmin \
 --postdeploycommandfile $ROOT/server-config/payara/postdeploy.asadmin --deploy $ROOT/target/lb.war"
exec bash ../shared/bench/compare.sh
