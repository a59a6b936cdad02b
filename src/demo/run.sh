#!/usr/bin/env bash
# Builds lb.war if needed, starts three demo backends on 127.0.0.1:9001-9003 and the balancer
# on http://localhost:8080 (loopback only) in front of them. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/lb.war ] && [ -f target/payara-micro.jar ] || mvn -B -q package -DskipTests

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

for i in 1 2 3; do
  java src/demo/DemoBackend.java "backend-$i" "900$i" & pids+=($!)
done

export LB_BACKENDS=${LB_BACKENDS:-http://127.0.0.1:9001,http://127.0.0.1:9002,http://127.0.0.1:9003}
export LB_HEALTH_PATH=${LB_HEALTH_PATH:-/health} LB_HEALTH_INTERVAL=${LB_HEALTH_INTERVAL:-2s}
java -Xmx256m @server-config/payara/jvm.args -jar target/payara-micro.jar --nohazelcast --port "${LB_PORT:-8080}" \
  --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
  --postbootcommandfile server-config/payara/postboot.asadmin \
  --postdeploycommandfile server-config/payara/postdeploy.asadmin \
  --deploy target/lb.war & pids+=($!)
wait "${pids[-1]}"
