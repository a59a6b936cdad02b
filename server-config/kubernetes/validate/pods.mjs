// The Deployment's pods, run for real on loopback (loopback-pods.sh runs this):
//   node pods.mjs BUILT.yaml REPO_ROOT
// Three Payara Micro processes started at once with the container's arguments, environment,
// files (where the Dockerfile puts them, under a scratch directory) and user (nobody, in a
// directory it cannot write, /tmp its only writable place, as with readOnlyRootFilesystem), and a
// stand-in Kubernetes API server on 127.0.0.1 that answers Hazelcast's discovery from the pods it
// runs, marks them ready as the discovery Service would, and grants exactly what the manifests'
// Role grants. Then, as kubelet would: the probes, a SIGTERM and its drain, a replacement pod.
// What differs from a real pod, and why, is printed first. PASS/FAIL per check and a count.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, execFileSync } from "node:child_process";
import YAML from "yaml";
import { readImage, option } from "./image.mjs";

const [builtFile, root] = process.argv.slice(2);
const objects = YAML.parseAllDocuments(fs.readFileSync(builtFile, "utf8")).map((d) => d.toJS()).filter(Boolean);
const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const deployment = find("Deployment", "lb");
const namespace = deployment.metadata.namespace;
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0];
const ports = Object.fromEntries(container.ports.map((p) => [p.name, p.containerPort]));
const image = readImage(root);
const grace = podSpec.terminationGracePeriodSeconds;

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();
async function until(what, seconds, test) {
  const end = now() + seconds * 1000;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (now() > end) return null;
    await sleep(250);
  }
}
async function get(url, headers = {}) {
  try {
    const r = await fetch(url, { headers, signal: AbortSignal.timeout(10000) });
    return { status: r.status, headers: r.headers, body: await r.text() };
  } catch {
    return { status: 0, body: "" };
  }
}

// ---- scratch directory: the image's files, the Secret, each pod's /tmp
const work = fs.mkdtempSync("/tmp/lb-pods-");
fs.chmodSync(work, 0o755);
const inWork = (p) => path.join(work, p);
const remap = (text) => text.replace(/(^|[\s=@])\/(opt\/payara|run\/secrets)\//g, `$1${work}/$2/`);
for (const [file, sources] of image.files) {
  fs.mkdirSync(path.dirname(inWork(file)), { recursive: true });
  if (file.endsWith(".war")) fs.copyFileSync(path.join(root, sources[0]), inWork(file));
  else fs.writeFileSync(inWork(file), remap(image.content(file)));
}
execFileSync("chmod", ["-R", "a+rX", inWork("opt")]);
const admin = crypto.randomBytes(12).toString("hex");
const secretVolume = podSpec.volumes.find((v) => v.secret);
const secretMount = container.volumeMounts.find((m) => m.name === secretVolume.name).mountPath;
fs.mkdirSync(inWork(secretMount), { recursive: true });
fs.writeFileSync(inWork(`${secretMount}/passwordfile`), `AS_ADMIN_USERPASSWORD=${admin}\n`);
const nobody = process.getuid?.() === 0;
if (nobody) {
  execFileSync("chown", ["-R", "root:65534", inWork(secretMount)]);
  fs.chmodSync(inWork(`${secretMount}/passwordfile`), secretVolume.secret.defaultMode ?? 0o644);
  fs.chmodSync(inWork(secretMount), 0o755);
}

// ---- backends: two echo servers on loopback stand in for lb.backends
async function freePort() {
  return new Promise((ok) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}
const children = [];
function start(command, args, options, log) {
  const out = fs.openSync(log, "a");
  const child = spawn(command, args, { ...options, stdio: ["ignore", out, out] });
  child.exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal, at: now() })));
  children.push(child);
  return child;
}
const backendPorts = [await freePort(), await freePort()];
backendPorts.forEach((p, i) => start("java", [path.join(root, "server-config/EchoBackend.java"), String(p), `backend-${i + 1}`], {}, inWork(`backend-${i + 1}.log`)));
await until("backends", 30, async () => (await Promise.all(backendPorts.map((p) => get(`http://127.0.0.1:${p}/`)))).every((r) => r.status === 200));

// ---- the stand-in API server
const roleBinding = objects.find((o) => o.kind === "RoleBinding" && o.subjects?.some((s) => s.kind === "ServiceAccount" && s.name === podSpec.serviceAccountName));
const role = find("Role", roleBinding?.roleRef.name);
const clusterMode = option(container.args, "--clustermode").replace("$(POD_NAMESPACE)", namespace);
const gridService = find("Service", clusterMode.split(",")[1]);
const pods = new Map(); // name -> { ip, ready, running, token }
const requests = [];
function allowed(verb, group, resource, ns) {
  return !!ns && ns === role?.metadata.namespace && (role?.rules ?? []).some((r) => r.apiGroups.includes(group)
    && r.resources.includes(resource) && r.verbs.includes(verb));
}
function endpointReady(pod) {
  return gridService.spec.publishNotReadyAddresses === true || pod.ready;
}
const api = http.createServer((req, res) => {
  const url = new URL(req.url, "http://api");
  const pod = [...pods.entries()].find(([, p]) => `Bearer ${p.token}` === req.headers.authorization);
  const reply = (status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (!pod) return reply(401, { kind: "Status", code: 401 });
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
  if (!m) return reply(404, { kind: "Status", code: 404 });
  const [, group = "", ns, resource, name] = m;
  const verb = name ? "get" : url.searchParams.get("watch") ? "watch" : "list";
  const ok = allowed(verb, group, resource, ns);
  requests.push({ pod: pod[0], verb, resource: group ? `${resource}.${group}` : resource, ok });
  if (!ok) return reply(403, { kind: "Status", code: 403, reason: "Forbidden" });
  const live = [...pods.entries()].filter(([, p]) => p.running);
  // The third pod's cluster has no EndpointSlices (before Kubernetes 1.21): it takes the Endpoints API.
  if (resource === "endpointslices" && pod[1].oldCluster) return reply(404, { kind: "Status", code: 404 });
  if (resource === "endpointslices") {
    const wanted = url.searchParams.get("labelSelector");
    const slice = {
      metadata: { name: `${gridService.metadata.name}-x1`, labels: { "kubernetes.io/service-name": gridService.metadata.name } },
      addressType: "IPv4",
      endpoints: live.map(([n, p]) => ({ addresses: [p.ip], conditions: { ready: endpointReady(p) }, nodeName: "node-1", targetRef: { kind: "Pod", name: n, namespace } })),
      ports: gridService.spec.ports.map((p) => ({ name: p.name, port: ports[p.targetPort] ?? p.targetPort, protocol: "TCP" })),
    };
    return reply(200, { kind: "EndpointSliceList", items: !wanted || wanted === `kubernetes.io/service-name=${gridService.metadata.name}` ? [slice] : [] });
  }
  if (resource === "endpoints" && name === gridService.metadata.name) {
    const address = ([n, p]) => ({ ip: p.ip, nodeName: "node-1", targetRef: { kind: "Pod", name: n, namespace } });
    return reply(200, {
      kind: "Endpoints",
      metadata: { name },
      subsets: [{
        addresses: live.filter(([, p]) => endpointReady(p)).map(address),
        notReadyAddresses: live.filter(([, p]) => !endpointReady(p)).map(address),
        ports: gridService.spec.ports.map((p) => ({ name: p.name, port: ports[p.targetPort] ?? p.targetPort })),
      }],
    });
  }
  if (resource === "pods" && pods.has(name)) return reply(200, { kind: "Pod", metadata: { name, namespace }, spec: { nodeName: "node-1" } });
  return reply(404, { kind: "Status", code: 404 });
});
await new Promise((ok) => api.listen(0, "127.0.0.1", ok));
const apiUrl = `http://127.0.0.1:${api.address().port}`;

// ---- a pod: the container's command line, as kubelet and the image's entrypoint would run it
const config = Object.assign({}, ...(container.envFrom ?? []).map((e) => find("ConfigMap", e.configMapRef.name)?.data ?? {}));
const backends = backendPorts.map((p) => `http://127.0.0.1:${p}`).join(",");
const differences = [
  `HTTP and grid ports ${ports.http} and ${ports.hazelcast} on 127.0.0.2, .3, .4, one address per pod (a pod has its own IP), in a network namespace of the run's own`,
  `LB_BACKENDS=${backends} (two echo servers) instead of the ConfigMap's ${config.LB_BACKENDS}`,
  "-Xmx256m instead of MEM_MAX_RAM_PERCENTAGE of the memory limit (a shared machine)",
  "the preboot file plus one line binding the HTTP listener to the pod's address; Hazelcast bound to it (--interfaces, --hzpublicaddress, hazelcast.socket.bind.any=false)",
  `Hazelcast's API server ${apiUrl} (plain HTTP), each pod's token and a dummy CA certificate as system properties (a pod reads kubernetes.default.svc and its service account's token and CA)`,
  "/opt/payara and /run/secrets under a scratch directory, paths in the files rewritten to match",
  nobody ? "user nobody (uid 65534), not payara (1000)" : "not root here: the pods run as this user, in a directory it can write",
];
console.log("Differences from a real pod:");
for (const d of differences) console.log(`  - ${d}`);

let keep = false; // keep the scratch directory (logs) for a look afterwards
function startPod(name, ip, { oldCluster = false } = {}) {
  const dir = inWork(`pods/${name}`);
  fs.mkdirSync(`${dir}/tmp`, { recursive: true });
  if (nobody) execFileSync("chown", ["-R", "65534:65534", dir]);
  const env = { PATH: process.env.PATH, HOME: inWork("opt/payara") };
  for (const [k, v] of Object.entries(config)) env[k] = v;
  for (const e of container.env ?? []) {
    const field = e.valueFrom?.fieldRef?.fieldPath;
    env[e.name] = field === "metadata.name" ? name : field === "metadata.namespace" ? namespace : e.value;
  }
  env.LB_BACKENDS = backends;
  const preboot = `${dir}/preboot.asadmin`;
  fs.writeFileSync(preboot, `${remap(image.content(option(container.args, "--prebootcommandfile")))}\n`
    + `set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=${ip}\n`);
  fs.chmodSync(preboot, 0o644);
  const args = container.args.map((a) => remap(a.replace(/\$\(([A-Z_]+)\)/g, (_, v) => env[v])))
    .map((a, i, all) => (all[i - 1] === "--prebootcommandfile" ? preboot : a));
  const token = crypto.randomBytes(16).toString("hex");
  const jvm = ["-Xmx256m", ...image.jvmArgs.split(/\s+/).filter(Boolean).map(remap), `-Djava.io.tmpdir=${dir}/tmp`,
    "-Dhazelcast.socket.bind.any=false", `-Dhazelcast.kubernetes.kubernetes-master=${apiUrl}`, `-Dhazelcast.kubernetes.api-token=${token}`,
    "-Dhazelcast.kubernetes.ca-certificate=unused-over-http"];
  const command = ["java", ...jvm, "-jar", path.join(root, "target/payara-micro.jar"), ...args, "--interfaces", ip, "--hzpublicaddress", ip];
  const run = nobody ? ["setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", ...command]] : [command[0], command.slice(1)];
  const log = `${dir}/payara.log`;
  const pod = { name, ip, token, ready: false, running: true, oldCluster, log, started: now(), restarts: 0, stopping: false };
  // restartPolicy: Always. A process that ends without being stopped is started again, as kubelet would.
  const launch = () => {
    pod.child = start(run[0], run[1], { cwd: inWork("opt/payara"), env }, log);
    pod.running = true;
    pod.child.exited.then((end) => {
      pod.running = false;
      if (!pod.stopping && pod.restarts < 3) {
        pod.restarts++;
        console.log(`     ${name} ended by itself (${end.signal ?? `status ${end.code}`}), restarted as kubelet would (${pod.restarts}); its log: ${log}`);
        keep = true;
        launch();
      }
    });
  };
  launch();
  pods.set(name, pod);
  return pod;
}
const base = (pod) => `http://${pod.ip}:${ports.http}`;
const probeUrl = (probe, pod) => `${base(pod)}${probe.httpGet.path}`;
// Payara Micro prints its data grid's state at the start and at every join and leave.
const members = (pod) => {
  const all = [...fs.readFileSync(pod.log, "utf8").matchAll(/DG Size: (\d+)/g)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};
// kubelet's readiness probe, which the stand-in API server's endpoints follow
const prober = setInterval(async () => {
  for (const pod of pods.values()) {
    if (pod.running) pod.ready = (await get(probeUrl(container.readinessProbe, pod))).status === 200;
  }
}, (container.readinessProbe.periodSeconds ?? 10) * 1000);

const ips = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
async function cleanUp() {
  clearInterval(prober);
  for (const pod of pods.values()) pod.stopping = true;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  const end = now() + (grace + 5) * 1000;
  for (const c of children) {
    await Promise.race([c.exited, sleep(Math.max(0, end - now()))]);
    if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  }
  api.close();
  if (failed || keep) console.log(`Logs kept in ${work}/pods`);
  else fs.rmSync(work, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cleanUp().then(() => process.exit(130)));

try {
  for (const ip of ips) {
    for (const port of [ports.http, ports.hazelcast]) {
      const free = await new Promise((ok) => {
        const s = net.createServer().once("error", () => ok(false)).listen(port, ip, () => s.close(() => ok(true)));
      });
      if (!free) throw new Error(`${ip}:${port} is taken: another run of this script, or a server listening on every address`);
    }
  }

  // replicas: 3, all at once, as after `kubectl apply -k`
  const first = ips.map((ip, i) => startPod(`lb-${i + 1}`, ip, { oldCluster: i === 2 }));
  // The probe's own budget is for a pod with a core of its own; here three boot on a shared
  // machine, so the wait is longer and the time is reported.
  const budget = (container.startupProbe.periodSeconds ?? 10) * (container.startupProbe.failureThreshold ?? 3);
  const wait = Math.max(budget, 300);
  const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  await Promise.all(first.map(async (pod) => {
    const up = await until("startup", wait, async () => (await get(probeUrl(container.startupProbe, pod))).status === 200);
    check(`${pod.name}: startup probe ${container.startupProbe.httpGet.path} answers 200`, !!up,
      `${((now() - pod.started) / 1000).toFixed(1)} s after the start, load average ${load()}, ${pod.restarts} restarts; the probe allows ${budget} s`);
  }));
  const formed = await until("grid", 180, async () => first.every((p) => members(p) === 3));
  check("the three pods form one data grid through the Kubernetes discovery", !!formed, first.map((p) => `${p.name}: ${members(p)} members`).join(", "));
  for (const pod of first) {
    const ready = await get(probeUrl(container.readinessProbe, pod));
    check(`${pod.name}: readiness ${container.readinessProbe.httpGet.path} 200 UP`, ready.status === 200 && /"status":"UP"/.test(ready.body), `${ready.status}`);
    const live = await get(probeUrl(container.livenessProbe, pod));
    check(`${pod.name}: liveness ${container.livenessProbe.httpGet.path} 200 UP`, live.status === 200 && /"status":"UP"/.test(live.body), `${live.status}`);
    const seen = new Set();
    for (let i = 0; i < 4; i++) seen.add((await get(`${base(pod)}/x`)).headers?.get("x-backend"));
    check(`${pod.name}: forwards to both backends`, seen.has("backend-1") && seen.has("backend-2"), [...seen].join(", "));
    const auth = (p) => ({ authorization: `Basic ${Buffer.from(`admin:${p}`).toString("base64")}` });
    const good = await get(`${base(pod)}/_lb/status`, auth(admin));
    const bad = await get(`${base(pod)}/_lb/status`, auth("wrong"));
    check(`${pod.name}: the admin user from the Secret: /_lb/status 200, a wrong password 401`, good.status === 200 && bad.status === 401, `${good.status}, ${bad.status}`);
  }
  const lines = execFileSync("ss", ["-Htn", "state", "established"], { encoding: "utf8" }).split("\n");
  const gridPairs = new Set(lines.map((l) => l.trim().split(/\s+/).slice(-2).map((a) => a.replace(/^\[::ffff:(.*)\]/, "$1"))).filter((e) => e.length === 2
    && e.every((a) => ips.includes(a.split(":")[0])) && e.some((a) => a.endsWith(`:${ports.hazelcast}`))).map((e) => e.sort().join(" ")));
  const memberPairs = new Set([...gridPairs].map((c) => c.split(" ").map((a) => a.split(":")[0]).sort().join(" ")));
  check("the grid's members are connected every one to every other (a full mesh)", memberPairs.size === 3,
    `${memberPairs.size} of 3 pairs, ${gridPairs.size} TCP connections`);

  // kubelet stops lb-3: SIGTERM, then SIGKILL after terminationGracePeriodSeconds
  const leaving = first[2];
  const termAt = now();
  leaving.stopping = true;
  leaving.child.kill("SIGTERM");
  const down = await until("readiness down", 5, async () => (await get(probeUrl(container.readinessProbe, leaving))).status === 503);
  check(`${leaving.name}: readiness DOWN at once after SIGTERM`, !!down, `${((now() - termAt) / 1000).toFixed(1)} s`);
  const exit = await Promise.race([leaving.child.exited, sleep(grace * 1000).then(() => null)]);
  check(`${leaving.name}: exits within terminationGracePeriodSeconds (${grace} s)`, !!exit, exit ? `${((exit.at - termAt) / 1000).toFixed(1)} s, ${exit.signal ?? `status ${exit.code}`}` : "still running");
  const left = await until("left", 30, async () => first.slice(0, 2).every((p) => members(p) === 2));
  check(`${leaving.name}: the other two see it leave the grid`, !!left, first.slice(0, 2).map((p) => `${p.name}: ${members(p)}`).join(", "));

  // the Deployment's replacement pod joins the running grid
  const joining = startPod("lb-4", leaving.ip);
  const joined = await until("join", wait + 60, async () => [first[0], first[1], joining].every((p) => members(p) === 3));
  check("a replacement pod joins the running grid", !!joined, `${((now() - joining.started) / 1000).toFixed(1)} s from its start`);

  const kinds = new Map();
  for (const r of requests) {
    const key = `${r.verb} ${r.resource}: ${r.ok ? "granted" : "refused"}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  console.log("     API calls made by the discovery, as the Role answered them:");
  for (const [k, n] of kinds) console.log(`       ${k} (${n})`);
  const refused = requests.filter((r) => !r.ok).map((r) => `${r.verb} ${r.resource}`);
  check("the Role grants every call the discovery needs (only get nodes, for zone awareness, refused)",
    refused.every((r) => r === "get nodes"), [...new Set(refused)].join(", "));
  const used = (verb, resource) => requests.some((r) => r.ok && r.verb === verb && r.resource === resource);
  const unused = (role?.rules ?? []).flatMap((r) => r.resources.flatMap((res) => r.verbs.map((v) => [v, r.apiGroups[0] ? `${res}.${r.apiGroups[0]}` : res])))
    .filter(([v, res]) => !used(v, res)).map(([v, res]) => `${v} ${res}`);
  check("the Role grants nothing the discovery did not use", unused.length === 0, unused.join(", "));
} catch (e) {
  check("the run", false, e.message);
} finally {
  await cleanUp();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
