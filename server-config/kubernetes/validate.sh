#!/usr/bin/env bash
# The Kubernetes manifests and the container recipe, checked as far as a machine without a
# Kubernetes cluster or a Docker engine allows (README: In containers and Kubernetes):
#   1. yamllint on every manifest;
#   2. `kubectl kustomize` builds what `kubectl apply -k` would send;
#   3. validate/checks.mjs: every object against the Kubernetes OpenAPI schemas (the npm package
#      kubernetes-models), strictly; the Dockerfile through dockerfile-utils' linter; and what ties
#      them to the balancer: probes on /_lb/health/ready and /_lb/health/live, ports, the stop's
#      time, the data grid's discovery and its RBAC, the admin user's Secret.
# Installs what is missing (yamllint and kubectl from Debian, the npm packages into validate/).
# Prints PASS/FAIL per check; exits non-zero when one fails. A few seconds.
#
#   server-config/kubernetes/validate.sh
# Running the pods' command line for real: server-config/kubernetes/loopback-pods.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

need=()
command -v yamllint >/dev/null || need+=(yamllint)
command -v kubectl >/dev/null || need+=(kubernetes-client)
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d "$here/validate/node_modules/kubernetes-models" ] || (cd "$here/validate" && npm ci --no-audit --no-fund --silent)

status=0
if yamllint -d '{extends: default, rules: {line-length: {max: 100}, document-start: disable}}' "$here"/*.yaml; then
  echo "PASS yamllint: every manifest"
else
  echo "FAIL yamllint: see above"; status=1
fi

built=$(mktemp)
trap 'rm -f "$built"' EXIT
if kubectl kustomize "$here" > "$built"; then
  echo "PASS kubectl kustomize: $(grep -c '^kind:' "$built") objects"
else
  echo "FAIL kubectl kustomize"; exit 1
fi

node "$here/validate/checks.mjs" "$built" "$root" || status=1
exit $status
