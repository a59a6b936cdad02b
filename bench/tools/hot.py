"""Reads `jfr print --events jdk.ExecutionSample` on stdin; prints the hottest methods by own
samples (top frame) and by total samples (anywhere on the stack, once per sample), and the share
of samples under a few entry points that tell the request's phases apart."""
import re
import sys
from collections import Counter

PHASES = {
    "Jersey server, before the resource": "org.glassfish.jersey.server.ServerRuntime$2.run",
    "the proxy resource": "lb.proxy.ProxyResource.handle",
    "guard (request checks)": "lb.guard.RequestGuard.check",
    "forwarder": "lb.proxy.Forwarder.forward",
    "JAX-RS client invocation": "lb.proxy.BackendClient.send",
    "connector exchange": "lb.client.ExactConnector.apply",
    "response relay": "lb.proxy.ResponseRelay.relay",
    "Grizzly HTTP front": "org.glassfish.grizzly.http.HttpServerFilter.handleRead",
    "servlet container (Catalina pipeline)": "org.apache.catalina.connector.CoyoteAdapter.service",
    "socket reads": "sun.nio.ch.SocketDispatcher.read0",
    "socket writes": "sun.nio.ch.SocketDispatcher.write0",
    "selector": "sun.nio.ch.EPoll.wait",
}

own, total, samples, phases = Counter(), Counter(), 0, Counter()
stack = []


def flush():
    global samples
    if not stack:
        return
    samples += 1
    own[stack[0]] += 1
    seen = set(stack)
    for m in seen:
        total[m] += 1
    for phase, marker in PHASES.items():
        if marker in seen:
            phases[phase] += 1
    stack.clear()


frame = re.compile(r"^\s+([\w$.<>/]+)\(.*\)\s+line:")
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        continue
    m = frame.match(line)
    if m:
        stack.append(m.group(1))
flush()

print(f"{samples} samples")
print("\n# phases (share of all samples; nested phases overlap)")
for phase, n in sorted(phases.items(), key=lambda kv: -kv[1]):
    print(f"{100.0 * n / samples:6.1f}%  {phase}")
print("\n# own time (top frame)")
for m, n in own.most_common(30):
    print(f"{100.0 * n / samples:6.1f}%  {m}")
print("\n# total time (on the stack)")
for m, n in total.most_common(60):
    print(f"{100.0 * n / samples:6.1f}%  {m}")
