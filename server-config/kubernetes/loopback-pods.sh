#!/usr/bin/env bash
# The Deployment's pods run for real, on this machine's loopback (no Kubernetes, no Docker here):
# three Payara Micro processes with the container's arguments, environment, files and a non-root
# user, started at once; a stand-in Kubernetes API server that answers Hazelcast's discovery and
# grants only what rbac.yaml's Role grants. Checks the probes, one data grid, the admin user from
# the Secret, forwarding, a SIGTERM's drain and exit within terminationGracePeriodSeconds, a
# replacement pod joining, and that the Role grants exactly the API calls made. Prints what
# differs from a real pod, PASS/FAIL per check; exits non-zero when one fails. About 2 minutes.
#
#   server-config/kubernetes/loopback-pods.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

command -v kubectl >/dev/null || (apt-get update -qq && apt-get install -y -qq kubernetes-client >/dev/null)
command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null)
[ -d "$here/validate/node_modules/kubernetes-models" ] || (cd "$here/validate" && npm ci --no-audit --no-fund --silent)
if [ ! -f target/lb.war ] || [ ! -f target/payara-micro.jar ] \
   || [ -n "$(find src/main pom.xml -newer target/lb.war -type f -print -quit)" ]; then
  mvn -B -q package -DskipTests
fi

built=$(mktemp)
trap 'rm -f "$built"' EXIT
kubectl kustomize "$here" > "$built"
# A network namespace of the run's own: loopback with one address per pod, the pods' ports free
# whatever else runs on this machine, and no packet leaves it.
if [ "$(id -u)" != 0 ]; then
  echo "needs root: the pods run as nobody, in a network namespace of their own" >&2; exit 1
fi
unshare --net sh -c 'ip link set lo up && for i in 2 3 4; do ip addr add 127.0.0.$i/32 dev lo; done && exec node "$0" "$1" "$2"' \
  "$here/validate/pods.mjs" "$built" "$root"
