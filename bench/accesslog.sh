#!/usr/bin/env bash
# The cost of the access log: the balancer with it off and on, side by side in one run (bench/ab.sh:
# both boot at once, warm up together, then take turns off,on,off,on ... under wrk -c64 for
# ROUNDS x 8 s on compare.sh's load, 128-byte answers from three nginx backends). Every round is
# printed, then the medians, then what the "on" balancer wrote: lines and bytes on disk, and the
# lines it dropped (its /_lb/status, read as an lb-admin user made for this run).
#   bench/accesslog.sh                   # combined format
#   FORMAT=json ROUNDS=8 bench/accesslog.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/lbaccesslog.XXXXXX)
trap 'rm -rf "$dir"' EXIT

password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
echo "AS_ADMIN_USERPASSWORD=$password" > "$dir/password"
{ cat "$ROOT/server-config/payara/postboot.asadmin"; echo
  echo "create-file-user --groups lb-admin --passwordfile $dir/password bench"; } > "$dir/postboot.asadmin"

export POSTBOOT="$dir/postboot.asadmin"
export OPTS_off=""
export OPTS_on="-Dlb.access-log.path=$dir/access.log -Dlb.access-log.format=${FORMAT:-combined}"
export SHOW_ROUNDS=1
# Away from the ports other benchmarks default to, which may be running on this machine.
export AB_PORT=${AB_PORT:-9382} BACKEND_PORT=${BACKEND_PORT:-9301}
# What the "on" balancer wrote, read before ab.sh stops it.
cat > "$dir/report.sh" <<REPORT
[ "\$VARIANT" = on ] || exit 0
files=\$(ls "$dir"/access.log.* | grep -v '\\.lck\$')
echo "on: \$(cat \$files | wc -l) lines, \$(cat \$files | wc -c) bytes in \$(echo \$files | wc -w) files (${FORMAT:-combined}), \$(curl -s -u "bench:$password" "http://127.0.0.1:\$PORT/_lb/status" | grep -o '"accessLogDropped":[0-9]*')"
echo "a line: \$(head -1 "$dir/access.log.0")"
REPORT
export REPORT="bash $dir/report.sh"
ROUNDS=${ROUNDS:-6} "$ROOT/bench/ab.sh" off on
