#!/usr/bin/env bash
# The admin page in a real browser: installs what is missing (the system's chromium, node and
# playwright-core; no browser is ever downloaded), builds lb.war if it is older than the sources,
# starts three demo backends and Payara Micro with the WAR on free loopback ports, with an
# lb-admin user of a random password, and runs admin-page.mjs: PASS/FAIL per check, and when all
# pass, the README's screenshot docs/admin-page.png. Exits non-zero when a check fails. Stops
# everything it started.
#
#   src/test/browser/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm ci --no-audit --no-fund --silent)

if [ ! -f target/lb.war ] || [ ! -f target/payara-micro.jar ] \
   || [ -n "$(find src/main pom.xml -newer target/lb.war -type f -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Free loopback ports, from the kernel: bound to port 0, then released.
read -r lb_port b0 b1 b2 < <(node -e '
  const net = require("net");
  Promise.all([0, 1, 2, 3].map(() => new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); });
  }))).then((ports) => console.log(ports.join(" ")));')

backend_urls=""
i=0
for port in "$b0" "$b1" "$b2"; do
  java src/demo/DemoBackend.java "backend-$i" "$port" >"$work/backend-$i.log" 2>&1 & pids+=($!)
  backend_urls+="${backend_urls:+,}http://127.0.0.1:$port"
  i=$((i + 1))
done

# The operator: a file-realm user in the group lb-admin, as README's "Operating it" says.
user=browser-admin
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf 'AS_ADMIN_USERPASSWORD=%s\n' "$password" >"$work/password"
{ cat server-config/payara/postboot.asadmin; echo
  echo "create-file-user --groups lb-admin --passwordfile $work/password $user"; } >"$work/postboot.asadmin"

LB_BACKENDS=$backend_urls LB_HEALTH_PATH=/health LB_HEALTH_INTERVAL=2s \
  java -Xmx256m -jar target/payara-micro.jar --nohazelcast --port "$lb_port" \
    --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
    --postbootcommandfile "$work/postboot.asadmin" \
    --postdeploycommandfile server-config/payara/postdeploy.asadmin \
    --deploy target/lb.war >"$work/payara.log" 2>&1 & pids+=($!)
payara=${pids[-1]}

echo "waiting for the balancer on 127.0.0.1:$lb_port (Payara Micro boots in 10-30 s)"
for _ in $(seq 1 240); do
  if ! kill -0 "$payara" 2>/dev/null; then
    echo "FAIL Payara Micro exited; its log:"; tail -40 "$work/payara.log"; exit 1
  fi
  if curl -sf -o /dev/null -u "$user:$password" "http://127.0.0.1:$lb_port/_lb/status"; then break; fi
  sleep 0.5
done
curl -sf -o /dev/null -u "$user:$password" "http://127.0.0.1:$lb_port/_lb/status" \
  || { echo "FAIL the balancer did not answer within 120 s; its log:"; tail -40 "$work/payara.log"; exit 1; }

status=0
LB_URL="http://127.0.0.1:$lb_port" LB_USER=$user LB_PASSWORD=$password LB_BACKEND_URLS=$backend_urls \
  CHROMIUM=$CHROMIUM USER_DATA_DIR="$work/chromium-profile" SCREENSHOT="$work/admin-page.png" \
  node "$here/admin-page.mjs" || status=$?
# The README's screenshot only from a run that passed; a failed run's is kept for a look.
if [ "$status" -eq 0 ]; then
  mkdir -p docs && cp "$work/admin-page.png" docs/admin-page.png
else
  [ -f "$work/admin-page.png" ] && mkdir -p target && cp "$work/admin-page.png" target/admin-page-failed.png \
    && echo "the page as it was: target/admin-page-failed.png"
  echo "the balancer's log (last lines):"; tail -30 "$work/payara.log"
fi
exit "$status"
