#!/usr/bin/env bash
# Runs the unchanged target/lb.war on WildFly and on Open Liberty and checks, with exact
# expectations, that it forwards there as on Payara.
#
#   bash server-config/check-other-servers.sh            # all three, one after the other
#   bash server-config/check-other-servers.sh wildfly    # some: payara | wildfly | liberty
#
# Needs Java 17, Maven, curl, jq, unzip. Builds the WAR (mvn package -DskipTests), fetches the
# server zips through Maven into target/servers/ (about 260 MB and 350 MB, once; versions below,
# or WILDFLY_VERSION / LIBERTY_VERSION), starts two server-config/EchoBackend.java on 127.0.0.1
# (b1 on 9471, b2 on 9472; each answers with the request it got and X-Backend: its name), then
# each server on 127.0.0.1:9470 (CHECK_PORT moves all four ports) with a fresh copy of its
# configuration (server-config/wildfly/lb.cli, server-config/liberty/server.xml), lb.backends = b1
# and a user lb-check in the group lb-admin with a random password, made as README says:
# WildFly's add-user.sh (and a management user, for the HTTP management API), Liberty's server
# variables lb.admin.user/lb.admin.password in a configDropins/overrides file. On each server:
#   - GET: method, target byte for byte (%2F, %20, repeated and empty query parameters), the exact
#     header list the backend got (repeated header as two lines, header named by Connection
#     removed, Host the backend's, X-Forwarded-For/-Proto/-Host/-Port and Via added), the status
#     and exact response headers relayed (two Set-Cookie stay two);
#   - POST with a Content-Length body, PUT with a chunked body, PROPFIND: method, headers, body;
#     a gzip-encoded request body reaches the backend as sent, not decompressed;
#   - /_lb/status: 401 without credentials and with a wrong password; as lb-check 200,
#     application/json, parsed by jq, naming the backends in force;
#   - /_lb/metrics (no MicroProfile Metrics there: the balancer's own Prometheus registry): read
#     from 127.0.0.1 without a password, the text format, exact counts of the requests so far;
#   - a backend breaking off its answer with a Content-Length: the client gets a cut connection,
#     not an answer that looks complete; the same for a broken-off chunked answer on WildFly (on
#     Liberty it is reported as LIMIT: see "Known limits" in README.md);
#   - malformed and hostile requests written on a raw socket (a spoofed X-Forwarded-Proto or
#     $WSSC, two Content-Length lines, no Host, a bare CR in a header line, a space before the
#     colon with and without one after it, a bad chunk size, CONNECT) and a 512 MiB upload: the exact status and what the
#     backend got, against Payara Micro's answer; where the server decides before the balancer
#     and none of its settings changes that, the known answer is reported as LIMIT, not counted.
#     The rows are printed at the end as README's table, with Payara Micro's (target/
#     payara-micro.jar with the shipped command files; only these rows are checked there, the
#     rest is what the integration tests check) as the reference column;
#   - the server's health endpoint: readiness check lb-backends UP naming each backend's state;
#   - a live change of lb.backends through what the server's console uses (WildFly: HAL's HTTP
#     management API on the management port, write-attribute of the system property, Digest
#     authentication, 401 without it; Liberty: the variable in server.xml rewritten, as
#     Admin Center's Server Config tool saves it), seen without a restart: b1,b2 -> round robin
#     b1 b2 b1 b2; an admin action: POST /_lb/api/backends/1/drain -> b1 b1 b1 b1, DELETE its
#     override -> both again; then only a port nobody listens on -> 502 with a one-line body.
# Every process it starts (backends, servers) is stopped by its PID, also on failure.
# Prints "ok"/"FAIL" per check and a summary; exits 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WILDFLY_VERSION=${WILDFLY_VERSION:-39.0.1.Final}
LIBERTY_VERSION=${LIBERTY_VERSION:-26.0.0.3}
PORT=${CHECK_PORT:-9470}
B1="http://127.0.0.1:$((PORT + 1))"
B2="http://127.0.0.1:$((PORT + 2))"
DEAD="http://127.0.0.1:$((PORT + 3))" # nothing may listen here
SERVERS="$ROOT/target/servers"
TMP="$SERVERS/check"
. server-config/check-lib.sh
trap cleanup EXIT

mvn -B -q package -DskipTests
mkdir -p "$SERVERS" "$TMP"

# The balancer's, the backends', the dead one's and WildFly's management port must be free.
for p in "$PORT" "${B1##*:}" "${B2##*:}" "${DEAD##*:}" $((PORT - 8080 + 9990)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "something listens on 127.0.0.1:$p (another run of this script? CHECK_PORT=N moves the ports)" >&2
    exit 1
  fi
done
java server-config/EchoBackend.java "${B1##*:}" b1 & PIDS+=($!)
java server-config/EchoBackend.java "${B2##*:}" b2 & PIDS+=($!)

# The balancer's administrator on each server, and WildFly's management user: new passwords each
# run, kept only in target/servers (WildFly's properties files, Liberty's configDropins).
password() { printf 'Lb-%s-9' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"; }
ADMIN_USER=lb-check
ADMIN_PASSWORD=$(password)
ADMIN=(-u "$ADMIN_USER:$ADMIN_PASSWORD")
MGMT_USER=lb-mgmt
MGMT_PASSWORD=$(password)

# curl with the given arguments; sets STATUS, CURL_RC, BODY, BODY_BYTES and HEADERS: the response header
# lines without Date, names in lower case, sorted by name (a repeated header keeps its order).
call() {
  CURL_RC=0
  STATUS=$(curl -sS --max-time 10 -A check -D "$TMP/head" -o "$TMP/body" -w '%{http_code}' "$@" 2>/dev/null) || CURL_RC=$?
  HEADERS=$(tail -n +2 "$TMP/head" | tr -d '\r' | sed '/^$/d' | lower_names | grep -v '^date:' | sort -s -t: -k1,1 || true)
  BODY=$(tr -d '\0' < "$TMP/body")
  BODY_BYTES=$(stat -c %s "$TMP/body")
}
lower_names() { awk '{ i = index($0, ":"); print tolower(substr($0, 1, i)) substr($0, i + 1) }'; }

# The request an EchoBackend answered with: request line, header lines as in HEADERS, "--", body.
seen() {
  local text
  text=$(tr -d '\r' <<<"$BODY")
  head -n 1 <<<"$text"
  awk 'NR > 1 && $0 == "" { exit } NR > 1' <<<"$text" | lower_names | sort -s -t: -k1,1
  echo "--"
  awk 'body { print } NR > 1 && $0 == "" { body = 1 }' <<<"$text"
}

# What an EchoBackend answers, with the lines the server adds to every answer ($1), as in HEADERS.
echo_headers() {
  printf '%s\n' "$1" "content-length: $BODY_BYTES" "content-type: text/plain" "set-cookie: a=1" "set-cookie: b=2" \
    "x-backend: b1" | sed '/^$/d' | sort -s -t: -k1,1
}
FORWARDED="via: 1.1 lb
x-forwarded-for: 127.0.0.1
x-forwarded-host: 127.0.0.1:$PORT
x-forwarded-port: $PORT
x-forwarded-proto: http"

backends_in_force() { curl -sS --max-time 5 "${ADMIN[@]}" "http://127.0.0.1:$PORT/_lb/status" | jq -c '[.backends[].url]'; }

# Sets lb.backends through the server's own means ($1: set_backends_<server>) and waits for the
# status page to show it (at most 20 s: the balancer re-reads its configuration every second).
live_change() { # server backends
  local want i
  want=$(jq -cR 'split(",")' <<<"$2")
  "set_backends_$1" "$2"
  for ((i = 0; i < 40; i++)); do
    [ "$(backends_in_force)" == "$want" ] && break
    sleep 0.5
  done
  same "live change to $2 seen without restart (after $((i / 2)) s)" "$want" "$(backends_in_force)"
}

backends_seen() { # n: the backends that answered n requests, in order
  local i seq=""
  for ((i = 0; i < $1; i++)); do
    call "http://127.0.0.1:$PORT/rr"
    seq+="$(grep '^x-backend:' <<<"$HEADERS" | cut -d' ' -f2) "
  done
  echo "$seq"
}

# Requests a well-behaved client never sends, written byte for byte on a socket (each asks the
# server to close the connection after its answer). Sets RAW: the status code and who answered
# ("400 from the balancer", whose refusals have a body starting with the status; "400 from the
# server"; "closed" when the connection closed without an answer), and for an answer from the
# backend (an EchoBackend) "200, backend got " and the given header lines of the request it got.
raw() { # request (with \r and \n escapes), regular expression of header names
  local answer status
  # In one write: a server may answer the request line and close before the rest arrives (Liberty
  # does for CONNECT), and its answer is still read after a failed write.
  printf '%b' "$1" > "$TMP/raw-request"
  answer=$(timeout 20 bash -c 'trap "" PIPE; exec 3<>"/dev/tcp/127.0.0.1/$0" || exit; cat "$1" >&3; cat <&3' \
    "$PORT" "$TMP/raw-request" 2>/dev/null | tr -d '\0\r') || true
  status=$(head -n 1 <<<"$answer" | cut -s -d' ' -f2)
  if [ -z "$status" ]; then
    RAW=closed
  elif [ "$status" == 200 ]; then
    RAW="200, backend got $(awk 'blank == 1 && $0 == "" { exit } blank == 1 { print } $0 == "" { blank++ }' <<<"$answer" |
      lower_names | grep -E "^($2):" | sort | paste -sd, - | sed 's/,/, /g')"
  elif awk 'body { print } $0 == "" { body = 1 }' <<<"$answer" | grep -q "^$status [A-Z]"; then
    RAW="$status from the balancer"
  else
    RAW="$status from the server"
  fi
}

# One row of README's table of malformed and hostile requests: what the server and the balancer
# made of it, checked against Payara Micro's answer (a glob). Where the server decides before the
# balancer sees anything and no setting of the server changes it, what it does instead is known
# and reported as LIMIT, not counted; anything else fails.
declare -A ROWS
ROW_NAMES=()
row() { # server case wanted known-limit-on-wildfly known-limit-on-liberty seen
  local verdict=FAIL known=""
  [ "$1" == wildfly ] && known=$4
  [ "$1" == liberty ] && known=$5
  # shellcheck disable=SC2053 # $3 is a glob on purpose
  if [[ "$6" == $3 ]]; then
    verdict="ok  "
    PASSED=$((PASSED + 1))
  elif [ -n "$known" ] && [ "$6" == "$known" ]; then
    verdict=LIMIT
  else
    FAILED=$((FAILED + 1))
  fi
  if [ "$verdict" == FAIL ]; then echo "  FAIL $2: $6 (expected $3)"; else echo "  $verdict $2: $6"; fi
  [ -n "${ROWS[$2]+set}" ] || ROW_NAMES+=("$2")
  ROWS[$2]+="$1=$6"$'\n'
}

check_raw() { # server
  local host="Host: 127.0.0.1:$PORT" close=$'Connection: close\r\n\r\n'

  raw "GET /raw HTTP/1.1\r\n$host\r\nX-Forwarded-Proto: https\r\n$close" x-forwarded-proto
  row "$1" "client's \`X-Forwarded-Proto: https\` (not from lb.trusted-proxies)" \
    "200, backend got x-forwarded-proto: http" "" "" "$RAW"
  raw "GET /raw HTTP/1.1\r\n$host\r\n\$WSSC: https\r\n\$WSIS: true\r\n$close" x-forwarded-proto
  row "$1" "client's \`\$WSSC: https\` (the WebSphere plug-in's scheme header)" \
    "200, backend got x-forwarded-proto: http" "" "" "$RAW"
  raw "POST /raw HTTP/1.1\r\n$host\r\nContent-Length: 3\r\nContent-Length: 40\r\n${close}abc" content-length
  row "$1" "two \`Content-Length\` lines (3 and 40)" "400 *" "" "200, backend got content-length: 3" "$RAW"
  raw "GET /raw HTTP/1.1\r\n$close"
  row "$1" "no \`Host\` in HTTP/1.1" "400 *" "" "" "$RAW"
  raw "GET /raw HTTP/1.1\r\n$host\r\nX-A: one\rX-B: two\r\n$close" 'x-a|x-b'
  row "$1" "bare CR inside a header line (\`X-A: one<CR>X-B: two\`)" "400 *" \
    "200, backend got x-a: one, x-b: two" "200, backend got x-a: one, x-b: two" "$RAW"
  raw "GET /raw HTTP/1.1\r\n$host\r\nX-A : one\r\n$close" x-a
  row "$1" "space before the colon (\`X-A : one\`)" "400 *" "" "200, backend got x-a: one" "$RAW"
  raw "GET /raw HTTP/1.1\r\n$host\r\nX-A :one\r\n$close" x-a
  row "$1" "space before the colon, none after (\`X-A :one\`)" "400 *" "200, backend got x-a: :one" "200, backend got x-a: one" "$RAW"
  raw "POST /raw HTTP/1.1\r\n$host\r\nTransfer-Encoding: chunked\r\n${close}zz\r\nabc\r\n0\r\n\r\n"
  row "$1" "bad chunk size (\`zz\`)" "400 *" closed "" "$RAW"
  raw "CONNECT ${DEAD#http://} HTTP/1.1\r\nHost: ${DEAD#http://}\r\n$close"
  row "$1" "\`CONNECT host:port\`" "4?? *" "" "" "$RAW"

  # A sparse file: 512 MiB of zeros that take no disk.
  [ -f "$TMP/512MiB" ] || truncate -s 512M "$TMP/512MiB"
  call -T "$TMP/512MiB" --max-time 300 "http://127.0.0.1:$PORT/count"
  row "$1" "512 MiB upload (\`Content-Length\`)" "200, backend got 536870912 bytes" "" "" \
    "$STATUS$([ "$STATUS" != 200 ] || echo ", backend got $(tail -n 1 <<<"$BODY")")"
}

# The rows as README shows them, one column per server checked.
print_rows() { # servers...
  local name server cell line
  line="| request |"
  for server in "$@"; do
    case $server in
      payara) line+=" Payara Micro $(unzip -p target/payara-micro.jar META-INF/maven/fish.payara.server.internal.extras/payara-micro-boot/pom.properties 2>/dev/null | sed -n 's/^version=//p') |" ;;
      wildfly) line+=" WildFly $WILDFLY_VERSION |" ;;
      liberty) line+=" Open Liberty $LIBERTY_VERSION |" ;;
      *) line+=" $server |" ;;
    esac
  done
  echo "$line"
  echo "|---|$(printf -- '---|%.0s' "$@")"
  for name in "${ROW_NAMES[@]}"; do
    line="| $name |"
    for server in "$@"; do
      cell=$(grep "^$server=" <<<"${ROWS[$name]}" | cut -d= -f2-)
      line+=" ${cell:-not run} |"
    done
    echo "$line"
  done
}

check_rules() { # server health-url headers-the-server-adds
  local base="http://127.0.0.1:$PORT" seq i

  call "$base/a%2Fb/x%20y?q=1&q=2&e=" -H 'X-Multi: one' -H 'X-Multi: two' -H 'Connection: X-Hop' -H 'X-Hop: 1'
  same "GET: status" 200 "$STATUS"
  same "GET: the request the backend got" "GET /a%2Fb/x%20y?q=1&q=2&e= HTTP/1.1
accept: */*
host: ${B1#http://}
user-agent: check
$FORWARDED
x-multi: one
x-multi: two
--" "$(seen)"
  same "GET: response headers relayed" "$(echo_headers "$3")" "$HEADERS"

  call --data-binary 'hello' -H 'Content-Type: text/plain' "$base/post?x=1"
  same "POST with Content-Length: the request the backend got" "POST /post?x=1 HTTP/1.1
accept: */*
content-length: 5
content-type: text/plain
host: ${B1#http://}
user-agent: check
$FORWARDED
--
hello" "$(seen)"

  printf 'hello' | gzip -n > "$TMP/gzipped"
  call --data-binary "@$TMP/gzipped" -H 'Content-Encoding: gzip' "$base/gz"
  same "POST with a gzip body: passed on compressed, as sent" "Content-Length: $(stat -c %s "$TMP/gzipped") same bytes" \
    "$(grep -ai '^content-length:' "$TMP/body" | tr -d '\r') $(tail -c "$(stat -c %s "$TMP/gzipped")" "$TMP/body" | cmp -s - "$TMP/gzipped" && echo same || echo other) bytes"

  call -T - -H 'Transfer-Encoding: chunked' "$base/put" < <(printf 'hello world')
  same "PUT with a chunked body: the request the backend got" "PUT /put HTTP/1.1
accept: */*
host: ${B1#http://}
transfer-encoding: chunked
user-agent: check
$FORWARDED
--
hello world" "$(seen)"

  call -X PROPFIND "$base/dav"
  same "extension method PROPFIND forwarded" "PROPFIND /dav HTTP/1.1" "$(seen | head -n 1)"

  # No MicroProfile Metrics on these servers (as shipped): the balancer serves its own registry.
  # A request is counted once its answer is out, so the last one may take a moment to show.
  for ((i = 0; i < 20; i++)); do
    call "$base/_lb/metrics"
    grep -q "^lb_request_duration_seconds_count{backend=\"$B1\"} 5$" <<<"$BODY" && break
    sleep 0.25
  done
  same "/_lb/metrics from 127.0.0.1 without a password: status, content type (spaces aside)" \
    "200 text/plain;version=0.0.4;charset=utf-8" "$STATUS $(grep '^content-type:' <<<"$HEADERS" | cut -d' ' -f2- | tr -d ' ')"
  same "/_lb/metrics: the 5 requests so far, all to b1, in the Prometheus format" "lb_backend_up{backend=\"$B1\"} 1.0
lb_request_duration_seconds_bucket{backend=\"$B1\",le=\"+Inf\"} 5
lb_request_duration_seconds_count{backend=\"$B1\"} 5
lb_requests_total{backend=\"$B1\",code=\"2xx\"} 5.0" \
    "$(grep -E "^lb_requests_total\{backend=\"$B1\",code=\"2xx\"\}|^lb_request_duration_seconds_(bucket\{.*le=\"\+Inf\"|count)|^lb_backend_up" <<<"$BODY")"

  call "$base/_lb/status"
  same "/_lb/status without credentials: 401, asks for Basic" "401 basic" \
    "$STATUS $(grep '^www-authenticate:' <<<"$HEADERS" | cut -d' ' -f2 | tr 'A-Z' 'a-z')"
  call -u "$ADMIN_USER:wrong" "$base/_lb/status"
  same "/_lb/status with a wrong password: 401" 401 "$STATUS"
  call "${ADMIN[@]}" "$base/_lb/status"
  same "/_lb/status as $ADMIN_USER (group lb-admin): status, content type, backends" "200 application/json [\"$B1\"]" \
    "$STATUS $(grep '^content-type:' <<<"$HEADERS" | cut -d' ' -f2) $(jq -c '[.backends[].url]' <<<"$BODY" 2>&1)"

  call "$base/truncated"
  same "backend breaking off its answer: 200, 10 of 100 bytes, connection cut (curl exit 18)" \
    "200 10 18" "$STATUS $BODY_BYTES $CURL_RC"

  # Cut through Undertow's connection on WildFly; Liberty ends the relayed chunked body with a last
  # chunk, a known limit (README, Known limits): reported there, not counted.
  call "$base/truncated-chunked"
  if [ "$1" == wildfly ]; then
    same "backend breaking off a chunked answer: 200, 10 bytes, no last chunk (curl exit 18)" \
      "200 10 18" "$STATUS $BODY_BYTES $CURL_RC"
  elif [ "$STATUS $BODY_BYTES $CURL_RC" == "200 10 18" ]; then
    echo "  ok   backend breaking off a chunked answer: 200, 10 bytes, no last chunk (curl exit 18)"
  else
    echo "  LIMIT backend breaking off a chunked answer: the client got '$STATUS $BODY_BYTES bytes, curl exit $CURL_RC'" \
      "(an answer that looks complete), not a cut connection"
  fi

  check_raw "$1"

  call "$2"
  same "health: readiness check lb-backends" "{\"name\":\"lb-backends\",\"status\":\"UP\",\"data\":{\"$B1#1\":\"up\"}}" \
    "$(jq -c '.checks[] | select(.name == "lb-backends")' <<<"$BODY" 2>&1)"

  live_change "$1" "$B1,$B2"
  seq=$(backends_seen 4)
  [ "$seq" == "b2 b1 b2 b1 " ] && seq="b1 b2 b1 b2 " # where the rotation stands is not the point
  same "round robin over the new list" "b1 b2 b1 b2 " "$seq"

  call "${ADMIN[@]}" -X POST "$base/_lb/api/backends/1/drain"
  same "admin API: POST /_lb/api/backends/1/drain" "200 $B2 drained (override)" "$STATUS $(jq -r '.url + " " + .state' <<<"$BODY" 2>&1)"
  same "traffic avoids the drained backend" "b1 b1 b1 b1 " "$(backends_seen 4)"
  call "${ADMIN[@]}" -X DELETE "$base/_lb/api/backends/1/override"
  same "admin API: DELETE its override, both get traffic again" "200 up b1 b2" \
    "$STATUS $(jq -r .state <<<"$BODY" 2>&1) $(backends_seen 4 | tr ' ' '\n' | sort -u | xargs)"
  call "$2"
  same "health: readiness names both backends" "{\"name\":\"lb-backends\",\"status\":\"UP\",\"data\":{\"$B1#1\":\"up\",\"$B2#1\":\"up\"}}" \
    "$(jq -c '.checks[] | select(.name == "lb-backends")' <<<"$BODY" 2>&1)"

  live_change "$1" "$DEAD"
  call "$base/x"
  same "backend down: 502 with a one-line body" "502 502 Bad Gateway: connection refused by backend $DEAD" "$STATUS $BODY"
}

# The reference column: Payara Micro with the shipped command files (loopback preboot), the
# malformed and hostile requests only; the rest is what the integration tests check there.
run_payara() {
  local pid
  echo "== Payara Micro (target/payara-micro.jar, the shipped command files): the reference answers"
  LB_BACKENDS="$B1" java -Xmx256m -jar target/payara-micro.jar --nohazelcast --deploy target/lb.war --port "$PORT" \
    --prebootcommandfile server-config/payara/preboot-loopback.asadmin \
    --postbootcommandfile server-config/payara/postboot.asadmin \
    --postdeploycommandfile server-config/payara/postdeploy.asadmin > "$SERVERS/payara.log" 2>&1 &
  pid=$!
  PIDS+=($pid)
  wait_up "http://127.0.0.1:$PORT/_lb/health/ready" 240 "$pid"
  check_raw payara
  stop "$pid"
}

run_wildfly() {
  local home="$SERVERS/wildfly-$WILDFLY_VERSION" base="$SERVERS/wildfly-base" offset=$((PORT - 8080)) pid java
  fetch org.wildfly wildfly-dist "$WILDFLY_VERSION"
  echo "== WildFly $WILDFLY_VERSION (standalone-microprofile.xml)"
  rm -rf "$base" && cp -r "$home/standalone" "$base"
  # As README says: an application user in the group lb-admin (the default ApplicationDomain makes
  # its groups roles), and a management user for HAL and its HTTP management API.
  "$home/bin/add-user.sh" -sc "$base/configuration" -a -u "$ADMIN_USER" -p "$ADMIN_PASSWORD" -g lb-admin -s
  "$home/bin/add-user.sh" -sc "$base/configuration" -u "$MGMT_USER" -p "$MGMT_PASSWORD" -s
  MANAGEMENT="http://127.0.0.1:$((9990 + offset))/management"
  # In the background the launch script relays TERM to the JVM and writes its PID.
  LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$base/jvm.pid" "$home/bin/standalone.sh" -c standalone-microprofile.xml \
    -Djboss.server.base.dir="$base" -Djboss.socket.binding.port-offset="$offset" \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 > "$SERVERS/wildfly.log" 2>&1 &
  pid=$!
  PIDS+=($pid)
  wait_up "http://127.0.0.1:$((9990 + offset))/health/live" 180 "$pid"
  java=$(cat "$base/jvm.pid")
  PIDS+=($java)
  (cd target && "$home/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$((9990 + offset))" \
    --file="$ROOT/server-config/wildfly/lb.cli" -Dlb.backends="$B1" --resolve-parameter-values) > "$SERVERS/wildfly-cli.log" ||
    { cat "$SERVERS/wildfly-cli.log"; exit 1; }
  wait_up "http://127.0.0.1:$PORT/_lb/metrics" 120 "$pid"
  same "HTTP management API without credentials: 401" 401 \
    "$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' -d '{"operation":"read-resource"}' "$MANAGEMENT")"
  same "HTTP management API as $MGMT_USER (Digest): lb.backends as lb.cli set it" "success $B1" \
    "$(management '{"operation":"read-attribute","address":[{"system-property":"lb.backends"}],"name":"value"}' | jq -r '.outcome + " " + .result')"
  check_rules wildfly "http://127.0.0.1:$((9990 + offset))/health/ready" "connection: keep-alive"
  stop "$java"
  stop "$pid"
}
management() { # an operation as JSON, as HAL sends it to the management port
  curl -sS --max-time 60 --digest -u "$MGMT_USER:$MGMT_PASSWORD" -H 'Content-Type: application/json' -d "$1" "$MANAGEMENT"
}
set_backends_wildfly() { # HAL's Configuration > System Properties > lb.backends > Edit, through its API
  local out
  out=$(management "$(jq -cn --arg v "$1" '{operation: "write-attribute", address: [{"system-property": "lb.backends"}], name: "value", value: $v}')")
  [ "$(jq -r .outcome <<<"$out" 2>/dev/null)" == success ] || echo "  the management API answered: $out" >&2
}

run_liberty() {
  local home="$SERVERS/wlp" pid
  LIBERTY_USR="$SERVERS/liberty-usr"
  fetch io.openliberty openliberty-runtime "$LIBERTY_VERSION"
  echo "== Open Liberty $LIBERTY_VERSION"
  rm -rf "$LIBERTY_USR/servers/lb"
  mkdir -p "$LIBERTY_USR/servers/lb/apps" "$LIBERTY_USR/servers/lb/configDropins/overrides"
  cp server-config/liberty/server.xml "$LIBERTY_USR/servers/lb/"
  cp target/lb.war "$LIBERTY_USR/servers/lb/apps/"
  # As README says: the administrator's name and password are server variables defined outside
  # server.xml. The endpoint moves to 127.0.0.1 and the check's port.
  cat > "$LIBERTY_USR/servers/lb/configDropins/overrides/check.xml" <<EOF
<server>
  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="$PORT" httpsPort="-1"/>
  <variable name="lb.admin.user" value="$ADMIN_USER"/>
  <variable name="lb.admin.password" value="$ADMIN_PASSWORD"/>
</server>
EOF
  set_backends_liberty "$B1"
  # "server run" execs the JVM: this PID is the server's.
  WLP_USER_DIR="$LIBERTY_USR" "$home/bin/server" run lb > "$SERVERS/liberty.log" 2>&1 &
  pid=$!
  PIDS+=($pid)
  wait_up "http://127.0.0.1:$PORT/_lb/metrics" 240 "$pid"
  check_rules liberty "http://127.0.0.1:$PORT/health/ready" "content-language: en"
  stop "$pid"
}
set_backends_liberty() { # server.xml's variable rewritten, as Admin Center's Server Config tool saves it; re-read within 0.5 s
  local xml="$LIBERTY_USR/servers/lb/server.xml"
  sed -i "s#<variable name=\"lb.backends\" value=\"[^\"]*\"/>#<variable name=\"lb.backends\" value=\"$1\"/>#" "$xml"
  grep -q "<variable name=\"lb.backends\" value=\"$1\"/>" "$xml" || echo "  no lb.backends variable in $xml" >&2
}

SERVERS_CHECKED=(${@:-payara wildfly liberty})
for server in "${SERVERS_CHECKED[@]}"; do
  "run_$server"
done
echo
echo "Malformed and hostile requests (README, What differs from Payara Micro):"
print_rows "${SERVERS_CHECKED[@]}"
echo
echo "$PASSED checks passed, $FAILED failed"
[ "$FAILED" = 0 ]
