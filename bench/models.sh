#!/usr/bin/env bash
# Blocking versus asynchronous forwarding on the same Payara Micro as the proxy: bench/trivial's
# ForwardResource forwards over raw sockets (blocking on the request's thread, or a selector
# thread that resumes a suspended AsyncResponse) and through the JAX-RS client (blocking, or its
# async API on an executor of our own), beside the proxy and nginx, interleaved. Ratios are to nginx.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start_with_trivial
base="http://127.0.0.1:$LB_PORT/_bench/forward"
for m in sockets reactor client client-async; do
  curl -fsS -o /dev/null "$base/$m/x" || { echo "$base/$m/x does not answer" >&2; exit 1; }
done
table=$(rounds nginx="http://127.0.0.1:$NGINX_PORT/bench?x=1" proxy="http://127.0.0.1:$LB_PORT/bench?x=1" \
  sockets="$base/sockets/x" reactor="$base/reactor/x" client="$base/client/x" client-async="$base/client-async/x")
echo "$table"
echo "$(machine_note)"
awk '$1=="proxy"||$1=="sockets"||$1=="reactor"||$1=="client"||$1=="client-async"{r[$1]=$6}
  END{printf "RESULT proxy=%s sockets=%s reactor=%s client=%s client_async=%s (vs nginx)\n", r["proxy"], r["sockets"], r["reactor"], r["client"], r["client-async"]}' <<<"$table"
