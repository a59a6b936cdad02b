#!/usr/bin/env bash
# Runs the unchanged target/lb.war on Payara Server 6 (a domain: its DAS, admin console and REST
# interface) and checks that lb.backends set with the server's own tools takes effect live,
# while requests flow, with no failed request.
#
#   bash server-config/check-payara-server.sh               # browser part too when chromium is installed
#   bash server-config/check-payara-server.sh --browser     # browser part, installing chromium if missing
#   bash server-config/check-payara-server.sh --no-browser
#
# Needs Java 17, Maven, curl 7.84 or later, jq, unzip, ss; for the browser part Node.js with npm and
# Debian's chromium (apt-get install chromium; playwright-core is installed into
# src/test/browser/node_modules, no browser is ever downloaded). Builds the WAR, fetches Payara
# Server (fish.payara.distributions:payara zip, PAYARA_VERSION or the pom's payara.version) through
# Maven into target/servers/, creates a domain in target/servers/payara-domains with ports from
# 14800 (admin 14848, HTTP 14880) and an admin password new for every run, and starts two
# server-config/EchoBackend.java on 127.0.0.1 (b1 on 14891, b2 on 14892). Checks:
#   - after server-config/payara-server/lb.asadmin, a restart and asadmin deploy: GET / forwarded
#     to b1 without the server's Server, X-Powered-By and X-Frame-Options headers; /health
#     forwarded; /_lb/health/ready the balancer's readiness; /_lb/status for a file-realm user in
#     the group lb-admin (asadmin create-file-user), 401 without one;
#   - while a client loop sends GET / one request after the other, lb.backends changed
#       b1 -> b2     with asadmin set-config-property,
#       b2 -> b1,b2  with the REST interface (POST .../microprofile-config/set-config-property),
#       b2 -> b1     with the admin console in headless Chromium (src/test/browser/payara-console.mjs:
#                    log in, Configurations > server-config > MicroProfile > Config > Property, Save):
#     each time no request fails, and every request sent from 2 s after the change on (the
#     command's end; for the console, its answer to the Save) is answered by the new list;
#   - a system property lb.backends (asadmin create-system-properties) outranks the value the
#     console and set-config-property write: changing that one then changes nothing, and deleting
#     the system property brings it into force;
#   - at the end, every port the domain listens on is on 127.0.0.1 (server-config/payara-server/
#     loopback.sed, applied to domain.xml before the first start).
# Every process it starts is stopped by its PID (the domain first with asadmin stop-domain), also
# on failure. Prints "ok"/"FAIL" per check and a summary; exits 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BROWSER=auto
case "${1:-}" in
  --browser) BROWSER=yes ;;
  --no-browser) BROWSER=no ;;
  "") ;;
  *) echo "usage: $0 [--browser|--no-browser]" >&2; exit 2 ;;
esac
PAYARA_VERSION=${PAYARA_VERSION:-$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml)}
PORTBASE=14800
ADMIN_PORT=$((PORTBASE + 48))
HTTP_PORT=$((PORTBASE + 80))
LB="http://127.0.0.1:$HTTP_PORT"
B1="http://127.0.0.1:14891"
B2="http://127.0.0.1:14892"
SERVERS="$ROOT/target/servers"
TMP="$SERVERS/check-payara-server"
DOMAINS="$SERVERS/payara-domains"
DOMAIN=lb
. server-config/check-lib.sh

if [ "$BROWSER" == auto ]; then
  command -v chromium > /dev/null && command -v npm > /dev/null && BROWSER=yes || BROWSER=no
fi
if [ "$BROWSER" == yes ] && ! command -v chromium > /dev/null; then
  apt-get update -q && apt-get install -y -q chromium
fi

for url in "$B1" "$B2" "$LB" "http://127.0.0.1:$ADMIN_PORT"; do
  if curl -s -o /dev/null --max-time 2 "$url/"; then echo "something listens on $url" >&2; exit 1; fi
done
mvn -B -q package -DskipTests
mkdir -p "$SERVERS" "$TMP"
fetch fish.payara.distributions payara "$PAYARA_VERSION"
ASADMIN_BIN="$SERVERS/payara6/bin/asadmin"
PASSWORD_FILE="$DOMAINS/admin-password"
ASADMIN=("$ASADMIN_BIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --passwordfile "$PASSWORD_FILE")

DAS_PID=""
stop_domain() {
  [ -n "$DAS_PID" ] && kill -0 "$DAS_PID" 2>/dev/null || return 0
  timeout 120 "$ASADMIN_BIN" stop-domain --domaindir "$DOMAINS" "$DOMAIN" > /dev/null || true
  stop "$DAS_PID"
}
trap 'stop_domain; cleanup' EXIT

start_domain() {
  "$ASADMIN_BIN" start-domain --domaindir "$DOMAINS" "$DOMAIN" > "$TMP/start-domain.log"
  DAS_PID=$(cat "$DOMAINS/$DOMAIN/config/pid")
  PIDS+=("$DAS_PID")
}

echo "== Payara Server $PAYARA_VERSION (domain $DOMAIN: admin on 127.0.0.1:$ADMIN_PORT, HTTP on 127.0.0.1:$HTTP_PORT)"
rm -rf "$DOMAINS"
mkdir -p "$DOMAINS"
echo "AS_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$PASSWORD_FILE"
chmod 600 "$PASSWORD_FILE"
SECONDS=0
"$ASADMIN_BIN" --user admin --passwordfile "$PASSWORD_FILE" create-domain --domaindir "$DOMAINS" \
  --portbase "$PORTBASE" "$DOMAIN" > "$TMP/create-domain.log"
sed -i -f server-config/payara-server/loopback.sed "$DOMAINS/$DOMAIN/config/domain.xml"
echo "   domain created in $SECONDS s"
SECONDS=0
start_domain
echo "   started in $SECONDS s"

java server-config/EchoBackend.java 14891 b1 & PIDS+=($!)
java server-config/EchoBackend.java 14892 b2 & PIDS+=($!)

SECONDS=0
"${ASADMIN[@]}" multimode --file server-config/payara-server/lb.asadmin > "$TMP/lb.asadmin.log"
"${ASADMIN[@]}" set-config-property --propertyName=lb.backends --propertyValue="$B1" > /dev/null
# The endpoints' new paths take effect at the restart.
"$ASADMIN_BIN" stop-domain --domaindir "$DOMAINS" "$DOMAIN" > /dev/null
start_domain
echo "   configured and restarted in $SECONDS s"
SECONDS=0
"${ASADMIN[@]}" deploy target/lb.war > /dev/null
wait_up "$LB/" 60 "$DAS_PID"
echo "   deployed in $SECONDS s"

curl -sS -D "$TMP/head" -o /dev/null --max-time 10 "$LB/"
same "GET / forwarded to b1, without the server's own headers" "x-backend: b1" \
  "$(tr -d '\r' < "$TMP/head" | grep -i '^x-backend:\|^server:\|^x-powered-by:\|^x-frame-options:' | tr 'A-Z' 'a-z')"
same "/health is forwarded" "200 b1" "$(curl -sS -o /dev/null --max-time 10 -w '%{http_code} %header{x-backend}' "$LB/health")"
same "/_lb/health/ready: the balancer's readiness" "UP lb-backends" \
  "$(curl -sS --max-time 10 "$LB/_lb/health/ready" | jq -r '.status + " " + ([.checks[].name] | join(","))')"
# An operator of the balancer, as README says: a file-realm user in the group lb-admin.
OPS_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
{ cat "$PASSWORD_FILE"; echo "AS_ADMIN_USERPASSWORD=$OPS_PASSWORD"; } > "$DOMAINS/ops-password"
"$ASADMIN_BIN" --host 127.0.0.1 --port "$ADMIN_PORT" --user admin --passwordfile "$DOMAINS/ops-password" \
  create-file-user --groups lb-admin ops > /dev/null
same "/_lb/status: 401 without a user, the backends in force for an lb-admin user" "401 [\"$B1\"]" \
  "$(curl -sS -o /dev/null --max-time 10 -w '%{http_code}' "$LB/_lb/status") $(curl -sS --max-time 10 -u "ops:$OPS_PASSWORD" "$LB/_lb/status" | jq -c '[.backends[].url]' 2>&1)"

# GET / on the balancer, one request after the other, until $TMP/stop exists (at most 3000
# requests or 90 s): one line per answer, "<ms since the epoch> <status> <X-Backend>".
client_loop() {
  local i end=$((SECONDS + 90))
  for ((i = 0; i < 3000 && SECONDS < end; i++)); do
    [ -f "$TMP/stop" ] && return 0
    echo "$(date +%s%3N) $(curl -s -o /dev/null --max-time 10 -w '%{http_code} %header{x-backend}' "$LB/loop")"
  done
}

# Changes lb.backends with the given command while a client loop runs; checks that no request
# failed and that from at most 2 s after the change every request went to the new list (the
# first request to a backend the change added, and the first after the last request to one it
# removed). The change happened when the command ended, or at the time (ms) it wrote to
# $TMP/changed-at.
follow() { # description old-names new-names command...
  local what=$1 old=$2 new=$3 loop start changed i result
  shift 3
  rm -f "$TMP/stop" "$TMP/changed-at"
  client_loop > "$TMP/loop" &
  loop=$!
  sleep 1
  start=$(date +%s%3N)
  "$@"
  changed=$(cat "$TMP/changed-at" 2>/dev/null || date +%s%3N)
  for ((i = 0; i < 20; i++)); do # 5 s for the last request of the old list, then 2 s more
    [ -n "$(awk -v old=" $old " -v new=" $new " 'index(new, " " $3 " ") && !index(old, " " $3 " ")' "$TMP/loop")" ] && break
    sleep 0.25
  done
  sleep 2
  touch "$TMP/stop"
  wait "$loop"
  result=$(awk -v old=" $old " -v new=" $new " -v start="$start" -v changed="$changed" '
    { n++; if ($2 != 200) failed++ }
    $1 >= start && !added && index(new, " " $3 " ") && !index(old, " " $3 " ") { added = $1 }
    $1 >= start && !index(new, " " $3 " ") { last_removed = NR }
    last_removed && NR == last_removed + 1 { after_removed = $1 }
    { seen[NR] = $3 }
    END {
      at = added > after_removed ? added : after_removed
      for (i = (last_removed ? last_removed + 1 : 1); i <= n; i++) if (!(seen[i] in names)) { names[seen[i]]; list = list " " seen[i] }
      lag = at ? (at > changed ? at - changed : 0) : "never"
      printf "%d %d %s %s\n", n, failed, lag, list
    }' "$TMP/loop")
  read -r n failed lag seen_after <<<"$result"
  same "$what: no failed request ($n requests)" 0 "$failed"
  same "$what: every request follows within 2 s (followed after $lag ms)" yes \
    "$([ "$lag" != never ] && [ "$lag" -le 2000 ] && echo yes || echo "no: $lag")"
  same "$what: answered by $new" "$new" "$(tr ' ' '\n' <<<"$seen_after" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')"
}

asadmin_quiet() { "${ASADMIN[@]}" "$@" > /dev/null; }
set_backends_asadmin() { asadmin_quiet set-config-property --propertyName=lb.backends --propertyValue="$1"; }
set_backends_rest() {
  curl -sS --fail-with-body --max-time 30 -u "admin:$(sed 's/^AS_ADMIN_PASSWORD=//' "$PASSWORD_FILE")" \
    -H 'X-Requested-By: check-payara-server' -H 'Accept: application/json' \
    --data-urlencode propertyName=lb.backends --data-urlencode "propertyValue=$1" \
    "http://127.0.0.1:$ADMIN_PORT/management/domain/configs/config/server-config/microprofile-config/set-config-property" \
    | jq -e '.exit_code == "SUCCESS"' > /dev/null
}
set_backends_console() {
  (cd src/test/browser && CONSOLE_URL="http://127.0.0.1:$ADMIN_PORT" ADMIN_PASSWORD_FILE="$PASSWORD_FILE" \
    LB_URL="$LB" BACKENDS="$1" EXPECT_BACKEND="$2" SCREENSHOTS="$ROOT/target" CHANGED_AT="$TMP/changed-at" \
    node payara-console.mjs)
}

follow "asadmin set-config-property b1 -> b2" "b1" "b2" set_backends_asadmin "$B2"
follow "REST set-config-property b2 -> b1,b2" "b2" "b1 b2" set_backends_rest "$B1,$B2"

# The console's and set-config-property's values (the domain source, ordinal 110) lose to a
# system property (400) and an environment variable (300).
follow "system property (create-system-properties) b1,b2 -> b1" "b1 b2" "b1" asadmin_quiet \
  create-system-properties "lb.backends=${B1//:/\\:}"
set_backends_asadmin "$B2"
sleep 3
same "set-config-property while the system property is set: nothing changes" "b1 b1" \
  "$(for i in 1 2; do curl -sS -o /dev/null --max-time 10 -w '%header{x-backend} ' "$LB/"; done | sed 's/ $//')"
follow "delete-system-property: the set-config-property value b2 in force" "b1" "b2" \
  asadmin_quiet delete-system-property lb.backends

if [ "$BROWSER" == yes ]; then
  [ -d src/test/browser/node_modules ] || (cd src/test/browser && npm ci --no-audit --no-fund --silent)
  follow "admin console (headless Chromium) b2 -> b1" "b2" "b1" set_backends_console "$B1" b1
  echo "   screenshots: target/payara-console-*.png"
else
  echo "  (browser part skipped: --no-browser, or no chromium or npm; --browser installs chromium)"
fi

same "every port the domain listens on is on 127.0.0.1" "" \
  "$(ss -ltnpH | grep "pid=$DAS_PID," | awk '{ print $4 }' | grep -v '^127\.0\.0\.1:\|^\[::ffff:127\.0\.0\.1\]:' || true)"
stop_domain
echo "$PASSED checks passed, $FAILED failed"
[ "$FAILED" = 0 ]
