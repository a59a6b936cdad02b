#!/usr/bin/env bash
# Builds lb.war if needed, starts three demo backends on 127.0.0.1:9001-9003 and the balancer
# on http://localhost:8080 (loopback only) in front of them, and prints the user and password of
# the admin page (http://localhost:8080/_lb/). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/lb.war ] && [ -f target/payara-micro.jar ] || mvn -B -q package -DskipTests

pids=()
work=$(mktemp -d)
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# The admin page's user (group lb-admin), with a new password for each run.
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf 'AS_ADMIN_USERPASSWORD=%s\n' "$password" >"$work/password"
{ cat server-config/payara/postboot.asadmin; echo
  echo "create-file-user --groups lb-admin --passwordfile $work/password admin"; } >"$work/postboot.asadmin"

for i in 1 2 3; do
  java src/demo/DemoBackend.java "backend-$i" "900$i" & pids+=($!)
done

export LB_BACKENDS=${LB_BACKENDS:-http://127.0.0.1:9001,http://127.0.0.1:9002,http://127.0.0.1:9003}
export LB_HEALTH_PATH=${LB_HEALTH_PATH:-/health} LB_HEALTH_INTERVAL=${LB_HEALTH_INTERVAL:-2s}
java -Xmx256m @server-config/payara/jvm.args -jar target/payara-micro.jar --nohazelcast --port "${LB_PORT:-8080}" \
  --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
  --postbootcommandfile "$work/postboot.asadmin" \
  --postdeploycommandfile server-config/payara/postdeploy.asadmin \
  --deploy target/lb.war & pids+=($!)
echo "admin page: http://localhost:${LB_PORT:-8080}/_lb/  user admin, password $password"
wait "${pids[-1]}"
