#!/usr/bin/env bash
# The proxy beside a trivial JAX-RS resource and a trivial servlet (bench/trivial, 128 bytes) on
# the same Payara Micro, and nginx as balancer, interleaved. Ratios are to nginx.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_with_trivial
table=$(rounds nginx="http://127.0.0.1:$NGINX_PORT/bench?x=1" proxy="http://127.0.0.1:$LB_PORT/bench?x=1" \
  jaxrs="http://127.0.0.1:$LB_PORT/_bench/s/x" servlet="http://127.0.0.1:$LB_PORT/_bench/servlet/x")
echo "$table"
echo "$(machine_note)"
r() { awk -v n="$1" '$1==n{print $2}' <<<"$table"; }
echo "RESULT proxy_vs_jaxrs=$(awk -v a="$(r proxy)" -v b="$(r jaxrs)" 'BEGIN{printf "%.2f", a/b}') proxy_vs_servlet=$(awk -v a="$(r proxy)" -v b="$(r servlet)" 'BEGIN{printf "%.2f", a/b}')"
