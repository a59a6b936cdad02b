"""Reads async-profiler's collapsed stacks on stdin (frames root first, ';'-separated, then a
count); prints the share of each layer of the stack (by the innermost frame that is not the JDK's),
the share of samples under a few entry points that tell the request's phases apart, and the
hottest methods by own samples (top frame) and by total samples (anywhere on the stack)."""
import re
import sys
from collections import Counter

PHASES = {
    "Grizzly's HTTP parsing": "org/glassfish/grizzly/http/HttpServerFilter.handleRead",
    "servlet container (Catalina pipeline)": "org/apache/catalina/connector/CoyoteAdapter.service",
    "Jersey server processing (the resource within)": "org/glassfish/jersey/server/ServerRuntime$1.run",
    "the proxy resource": "lb/proxy/ProxyResource.handle",
    "guard (request checks)": "lb/guard/RequestGuard.check",
    "forwarder": "lb/proxy/Forwarder.forward",
    "JAX-RS client invocation": "lb/proxy/BackendClient.send",
    "connector exchange": "lb/client/ExactConnector.apply",
    "response relay": "lb/proxy/ResponseRelay.relay",
    "Payara's telemetry request listener": "OpenTelemetryRequestEventListener.onEvent",
    "CDI request context (Weld listener)": "/WeldInitialListener.request",
    "selector threads": "SelectorRunner.run",
    "system calls": "entry_SYSCALL_64",
}

# First match wins, tried from the innermost frame outwards; JDK frames defer to their caller.
LAYERS = [
    ("kernel", lambda f: f.endswith("_[k]")),
    ("the balancer (lb.*)", lambda f: f.startswith("lb/")),
    ("Apache HttpCore", lambda f: "org/apache/hc/" in f),
    ("Jersey client", lambda f: "org/glassfish/jersey/client/" in f),
    ("Jersey server", lambda f: "org/glassfish/jersey/server/" in f or "org/glassfish/jersey/servlet/" in f),
    ("Jersey common", lambda f: "org/glassfish/jersey/" in f),
    ("HK2", lambda f: "hk2" in f),
    ("Weld (CDI)", lambda f: "org/jboss/weld/" in f),
    ("Payara telemetry", lambda f: "telemetry" in f.lower()),
    ("Grizzly", lambda f: "org/glassfish/grizzly/" in f),
    ("Catalina (servlets)", lambda f: "org/apache/catalina/" in f or "com/sun/enterprise/web/" in f),
    ("JDK networking", lambda f: f.startswith(("sun/nio/", "java/net/", "sun/net/", "java/nio/"))),
]
JDK = ("java/", "jdk/", "sun/")

own, total, phases, layers, samples = Counter(), Counter(), Counter(), Counter(), 0


def short(frame):
    return re.sub(r"^(?:[a-z0-9_]+/)+", "", frame)


for line in sys.stdin:
    stack, _, count = line.rstrip().rpartition(" ")
    if not stack:
        continue
    n = int(count)
    frames = stack.split(";")
    samples += n
    own[short(frames[-1])] += n
    for m in set(short(f) for f in frames):
        total[m] += n
    for phase, marker in PHASES.items():
        if any(marker in f for f in frames):
            phases[phase] += n
    layer = "JVM and JDK (GC, JIT, other)"
    for f in reversed(frames):
        name = next((name for name, test in LAYERS if test(f)), None)
        if name:
            layer = name
            break
        if not f.startswith(JDK) and "::" not in f and "/" in f:
            layer = "other Java"
            break
    layers[layer] += n

print(f"{samples} samples")
print("\n# layers (innermost frame that is not the JDK's)")
for layer, n in layers.most_common():
    print(f"{100.0 * n / samples:6.1f}%  {layer}")
print("\n# phases (share of all samples; nested phases overlap)")
for phase, n in sorted(phases.items(), key=lambda kv: -kv[1]):
    print(f"{100.0 * n / samples:6.1f}%  {phase}")
print("\n# own time (top frame)")
for m, n in own.most_common(30):
    print(f"{100.0 * n / samples:6.1f}%  {m}")
print("\n# total time (on the stack)")
for m, n in total.most_common(60):
    print(f"{100.0 * n / samples:6.1f}%  {m}")
