#!/usr/bin/env bash
# Builds lb.war and measures it beside nginx and HAProxy with ../shared/bench/compare.sh
# (three nginx backends, wrk on loopback, interleaved rounds). Knobs pass through:
# ROUNDS, DURATION, CONNS, THREADS, WARMUP, BODY.  Usage: bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ../shared/bench/compare.sh ] || { echo "needs ../shared/bench/compare.sh" >&2; exit 2; }
mvn -B -q package -DskipTests
ROOT=$(pwd)
export LB_START="exec java -Xmx512m -jar $ROOT/target/payara-micro.jar --nohazelcast --port \$LB_PORT \
 --prebootcommandfile $ROOT/server-config/payara/preboot-loopback.asadmin \
 --postbootcommandfile $ROOT/server-config/payara/postboot.asadmin --deploy $ROOT/target/lb.war"
exec bash ../shared/bench/compare.sh
