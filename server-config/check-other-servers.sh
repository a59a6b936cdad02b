#!/usr/bin/env bash
# Runs the unchanged lb.war on WildFly and on Open Liberty and checks the forwarding rules there.
# Each server is fetched through Maven into target/servers/ (about 260 MB and 350 MB, once),
# started on 127.0.0.1 with the configuration in server-config/wildfly or server-config/liberty,
# put in front of server-config/EchoBackend.java (which answers with the request head it got),
# checked with curl, and stopped by its PID.
#   server-config/check-other-servers.sh            # both
#   server-config/check-other-servers.sh wildfly    # one: wildfly | liberty
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WILDFLY_VERSION=39.0.1.Final
LIBERTY_VERSION=26.0.0.3
BACKEND_PORT=9471
PORT=9470
SERVERS="$ROOT/target/servers"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

mvn -B -q package -DskipTests
mkdir -p "$SERVERS"
fetch() { # groupId artifactId version: the zip into target/servers, unpacked there
  local zip="$SERVERS/$2-$3.zip"
  [ -f "$zip" ] || mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="$1:$2:$3:zip" -DoutputDirectory="$SERVERS"
  [ -f "$SERVERS/$2-$3.unpacked" ] || { unzip -q -o "$zip" -d "$SERVERS" && touch "$SERVERS/$2-$3.unpacked"; }
}

java server-config/EchoBackend.java "$BACKEND_PORT" & PIDS+=($!)
BACKEND="http://127.0.0.1:$BACKEND_PORT"

wait_up() { # url seconds
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "not answering: $1" >&2
  return 1
}

FAILED=0
expect() { # description, expected text (grep -F), actual
  if grep -qF -- "$2" <<<"$3"; then
    echo "  ok   $1"
  else
    echo "  FAIL $1: expected '$2' in:"; sed 's/^/       /' <<<"$3"; FAILED=1
  fi
}

# The same checks on any server: the request as the backend saw it, and the balancer's own answers.
check_rules() {
  local base="http://127.0.0.1:$PORT" out
  out=$(curl -sS "$base/a%2Fb/x%20y?q=1&q=2&e=" -H 'X-Multi: one' -H 'X-Multi: two' -H 'Connection: X-Hop' -H 'X-Hop: 1')
  expect "request target byte for byte" "GET /a%2Fb/x%20y?q=1&q=2&e= HTTP/1.1" "$out"
  expect "repeated header kept as two lines" $'-multi: one\r\n' "$out"
  expect "second value of the repeated header" $'-multi: two\r\n' "$out"
  expect "Host is the backend's" "Host: 127.0.0.1:$BACKEND_PORT" "$out"
  expect "X-Forwarded-For added" "X-Forwarded-For: 127.0.0.1" "$out"
  expect "Via added" "Via: 1.1 lb" "$out"
  if grep -qi "x-hop" <<<"$out"; then echo "  FAIL header named by Connection was forwarded"; FAILED=1; else echo "  ok   header named by Connection removed"; fi
  out=$(curl -sS -X PROPFIND "$base/dav")
  expect "extension method" "PROPFIND /dav HTTP/1.1" "$out"
  out=$(curl -sS --data-binary 'hello' -H 'Content-Type: text/plain' "$base/post")
  expect "POST body with Content-Length" "body bytes: 5" "$out"
  expect "Content-Length framing kept" "Content-Length: 5" "$out"
  out=$(printf 'hello world' | curl -sS -T - -H 'Transfer-Encoding: chunked' "$base/put")
  expect "chunked PUT body" "body bytes: 11" "$out"
  out=$(curl -sS -i "$base/headers")
  expect "backend's response header relayed" "X-Echo: 1" "$out"
  out=$(curl -sS -i "$base/_lb/status")
  expect "balancer status page" "\"url\":\"$BACKEND\"" "$out"
  out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download}' "$base/truncated" 2>&1 || true)
  expect "truncated backend answer does not look complete" "200 10" "$out"
}

run_wildfly() {
  local home="$SERVERS/wildfly-$WILDFLY_VERSION" offset=$((PORT - 8080))
  fetch org.wildfly wildfly-dist "$WILDFLY_VERSION"
  echo "== WildFly $WILDFLY_VERSION"
  "$home/bin/standalone.sh" -c standalone-microprofile.xml -Djboss.socket.binding.port-offset="$offset" \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 > "$SERVERS/wildfly.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_up "http://127.0.0.1:$((9990 + offset))/health" 120
  (cd target && "$home/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$((9990 + offset))" \
    --file="$ROOT/server-config/wildfly/lb.cli" -Dlb.backends="$BACKEND" --resolve-parameter-values)
  wait_up "http://127.0.0.1:$PORT/_lb/status" 60
  check_rules
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_liberty() {
  local home="$SERVERS/wlp" usr="$SERVERS/liberty-usr"
  fetch io.openliberty openliberty-runtime "$LIBERTY_VERSION"
  echo "== Open Liberty $LIBERTY_VERSION"
  rm -rf "$usr/servers/lb"
  mkdir -p "$usr/servers/lb/apps" "$usr/servers/lb/configDropins/overrides"
  cp server-config/liberty/server.xml "$usr/servers/lb/"
  cp target/lb.war "$usr/servers/lb/apps/"
  cat > "$usr/servers/lb/configDropins/overrides/check.xml" <<EOF
<server>
  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="$PORT" httpsPort="-1"/>
  <variable name="lb.backends" value="$BACKEND"/>
</server>
EOF
  WLP_USER_DIR="$usr" "$home/bin/server" run lb > "$SERVERS/liberty.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_up "http://127.0.0.1:$PORT/_lb/status" 180
  check_rules
  WLP_USER_DIR="$usr" "$home/bin/server" stop lb > /dev/null || kill "$pid"
  wait "$pid" 2>/dev/null || true
}

for server in "${@:-wildfly liberty}"; do
  for s in $server; do "run_$s"; done
done
[ "$FAILED" = 0 ] && echo "all checks passed" || { echo "some checks failed"; exit 1; }
