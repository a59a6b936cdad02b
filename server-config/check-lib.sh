# Helpers of the server-config/check-*.sh scripts, sourced by them (not run on its own). The
# sourcing script sets SERVERS (where server zips are fetched and unpacked) and adds the PID of
# every process it starts to PIDS, so that cleanup stops them all.
PIDS=()
PASSED=0
FAILED=0

stop() { # pid: TERM, up to 60 s to exit, then KILL
  local i
  kill "$1" 2>/dev/null || return 0
  for ((i = 0; i < 120; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && stop "$p"; done
}

fetch() { # groupId artifactId version: the zip into target/servers, unpacked there
  local zip="$SERVERS/$2-$3.zip"
  [ -f "$zip" ] || mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="$1:$2:$3:zip" -DoutputDirectory="$SERVERS"
  [ -f "$SERVERS/$2-$3.unpacked" ] || { unzip -q -o "$zip" -d "$SERVERS" && touch "$SERVERS/$2-$3.unpacked"; }
}

wait_up() { # url seconds pid: until the url answers 200, while pid lives
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "the server exited" >&2; return 1; }
    sleep 0.5
  done
  echo "not answering: $1" >&2
  return 1
}

same() { # description expected actual
  if [ "$2" == "$3" ]; then
    echo "  ok   $1"
    PASSED=$((PASSED + 1))
  else
    echo "  FAIL $1 (< expected, > actual)"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/       /' || true
    FAILED=$((FAILED + 1))
  fi
}
