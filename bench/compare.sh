#!/usr/bin/env bash
# Builds lb.war and measures it beside nginx and HAProxy with ../shared/bench/compare.sh
# (three nginx backends, wrk on loopback, interleaved rounds). Knobs pass through:
# ROUNDS, DURATION, CONNS, THREADS, WARMUP, BODY; PREBOOT (another preboot command file).
# Usage: bench/compare.sh
# WARMUP defaults to 60 s here (compare.sh's own default is 20): on 2 cores shared with wrk and
# nginx, Payara's JIT needs about a minute of load before the balancer reaches its steady rate
# (measured: 3.0k, 6.1k, 8.1k, 14.8k, 19.0k, 18.5k, 19.0k req/s in successive 8 s runs).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ../shared/bench/compare.sh ] || { echo "needs ../shared/bench/compare.sh" >&2; exit 2; }
mvn -B -q package -DskipTests
ROOT=$(pwd)
export LB_START="exec java -Xmx512m @$ROOT/server-config/payara/jvm.args -jar $ROOT/target/payara-micro.jar --nohazelcast --port \$LB_PORT \
 --prebootcommandfile ${PREBOOT:-$ROOT/server-config/payara/preboot-loopback.asadmin} \
 --postbootcommandfile $ROOT/server-config/payara/postboot.asadmin --deploy $ROOT/target/lb.war"
export WARMUP=${WARMUP:-60}
exec bash ../shared/bench/compare.sh
