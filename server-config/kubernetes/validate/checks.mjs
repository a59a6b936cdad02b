// The Kubernetes manifests and the container recipe, checked offline (validate.sh runs this):
//   node checks.mjs BUILT.yaml REPO_ROOT
// BUILT.yaml is `kubectl kustomize server-config/kubernetes` (what `kubectl apply -k` sends).
// Every object against the Kubernetes OpenAPI schemas of the kubernetes-models package, strictly
// (a field the schema does not know is an error, as kubeconform -strict), then what ties the
// objects, the image and the balancer together. Prints PASS or FAIL per check and a count.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { validate as lintDockerfile } from "dockerfile-utils";
import { readImage, option } from "./image.mjs";
import { Namespace, ServiceAccount, ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";

const [builtFile, root] = process.argv.slice(2);
const read = (p) => fs.readFileSync(path.join(root, p), "utf8");

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${!ok && detail ? `: ${detail}` : ""}`);
}

// ---- every object, against its schema
const MODELS = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

// A copy of value whose objects record which of their fields the schema's validator reads. The
// generated validators read every field their schema names (and enumerate maps), so a field
// never read is one the schema does not have: a misspelt or misplaced field.
function watched(value, where, records) {
  if (value === null || typeof value !== "object") return value;
  const record = { where, keys: Array.isArray(value) ? [] : Object.keys(value), read: new Set(), enumerated: false };
  records.push(record);
  const copy = Array.isArray(value)
    ? value.map((v, i) => watched(v, `${where}/${i}`, records))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, watched(v, `${where}/${k}`, records)]));
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

const docs = YAML.parseAllDocuments(fs.readFileSync(builtFile, "utf8"));
check("the built manifests parse as YAML", docs.every((d) => d.errors.length === 0),
  docs.flatMap((d) => d.errors.map((e) => e.message)).join("; "));
const objects = docs.map((d) => d.toJS()).filter(Boolean);
for (const o of objects) {
  const id = `${o.kind}/${o.metadata?.name}`;
  const model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!model) {
    check(`${id}: a kind this check knows`, false, `${o.apiVersion} ${o.kind}`);
    continue;
  }
  const records = [];
  let error = "";
  try {
    model.prototype.validate.call(watched(o, "", records));
  } catch (e) {
    error = e.message;
  }
  check(`${id}: valid against the ${o.apiVersion} ${o.kind} schema`, !error, error);
  const unknown = records.filter((r) => !r.enumerated).flatMap((r) => r.keys.filter((k) => !r.read.has(k)).map((k) => `${r.where}/${k}`));
  check(`${id}: no field the schema does not know`, unknown.length === 0, unknown.join(", "));
}

const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const all = (kind) => objects.filter((o) => o.kind === kind);
const selects = (selector, labels) => Object.entries(selector ?? {}).length > 0
  && Object.entries(selector).every(([k, v]) => labels[k] === v);

// ---- what the balancer's own files say
const keyDefaults = Object.fromEntries([...read("src/main/java/lb/config/Key.java")
  .matchAll(/[A-Z_]+\("(lb\.[^"]+)", "([^"]*)"\)/g)].map((m) => [m[1], m[2]]));
const envName = (key) => key.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();
// README "Configuration": ms, s, m, h; a bare number is milliseconds.
function seconds(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? "ms"];
}

// ---- the image
const image = readImage(root);
const lint = lintDockerfile(image.text);
check("Dockerfile: no problem found by dockerfile-utils", lint.length === 0, lint.map((d) => `line ${d.range.start.line + 1}: ${d.message}`).join("; "));
const pomPayara = /<payara\.version>([^<]+)</.exec(read("pom.xml"))?.[1];
check("Dockerfile: FROM Payara's Payara Micro image of the version the build tests against",
  image.from === `payara/micro:${pomPayara}-jdk17`, `${image.from}, pom.xml ${pomPayara}`);
for (const src of image.copied) {
  check(`Dockerfile: COPY ${src} exists or is built by Maven`, src === "target/lb.war" || fs.existsSync(path.join(root, src)));
}
const argFile = /@(\S+)/.exec(image.jvmArgs)?.[1];
check("Dockerfile: JVM_ARGS reads the shipped jvm.args from where it is copied",
  image.files.get(argFile)?.[0] === "server-config/payara/jvm.args", image.jvmArgs);
const imageText = image.content;
const exposed = image.exposed;

function checkLaunch(what, args) {
  for (const flag of ["--deploy", "--prebootcommandfile", "--postbootcommandfile", "--postdeploycommandfile"]) {
    check(`${what}: ${flag} ${option(args, flag)} is in the image`, image.files.has(option(args, flag)));
  }
  check(`${what}: the preboot file keeps the port closed until the post-deploy file opens it`,
    /http-listener\.enabled=false/.test(imageText(option(args, "--prebootcommandfile")))
      && /http-listener\.enabled=true/.test(imageText(option(args, "--postdeploycommandfile"))));
  check(`${what}: listens on all interfaces (not the loopback-only preboot file)`,
    !/http-listener\.address=/.test(imageText(option(args, "--prebootcommandfile"))));
  check(`${what}: its HTTP port is exposed`, exposed.includes(Number(option(args, "--port"))));
}
checkLaunch("Dockerfile CMD", image.cmd);

// ---- the pods
const deployment = find("Deployment", "lb");
const pod = deployment.spec.template.spec;
const podLabels = deployment.spec.template.metadata.labels;
const container = pod.containers[0];
const args = container.args;
const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
const ports = Object.fromEntries(container.ports.map((p) => [p.name, p.containerPort]));
const portOf = (p) => (typeof p === "number" ? p : ports[p]);
check("Deployment: its selector matches its pods' labels", selects(deployment.spec.selector.matchLabels, podLabels));
check("Deployment: one container", pod.containers.length === 1);
checkLaunch("Deployment args", args);
check("Deployment: --port is the container port named http", Number(option(args, "--port")) === ports.http);
check("Deployment: --startport (Hazelcast's port) is the container port named hazelcast, and the image exposes it",
  Number(option(args, "--startport")) === ports.hazelcast && exposed.includes(ports.hazelcast));
check("Deployment: a cluster name of its own", !!option(args, "--clustername"));

const postboot = imageText(option(args, "--postbootcommandfile"));
const healthEndpoint = /set-microprofile-healthcheck-configuration\s+--endpoint=(\S+)/.exec(postboot)?.[1];
const probe = (p) => p?.httpGet && `${p.httpGet.path} on ${portOf(p.httpGet.port)}`;
check("readiness probe: /_lb/health/ready on the HTTP port, where the post-boot file puts MicroProfile Health",
  healthEndpoint === "_lb/health" && probe(container.readinessProbe) === `/${healthEndpoint}/ready on ${ports.http}`,
  `${healthEndpoint} ${probe(container.readinessProbe)}`);
check("liveness probe: /_lb/health/live on the HTTP port",
  probe(container.livenessProbe) === `/${healthEndpoint}/live on ${ports.http}`, probe(container.livenessProbe));
const startup = container.startupProbe;
check("startup probe: liveness's endpoint, at least 60 s before liveness may restart the pod",
  probe(startup) === probe(container.livenessProbe) && (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) >= 60);

const configMaps = (container.envFrom ?? []).map((e) => find("ConfigMap", e.configMapRef?.name));
check("Deployment: the ConfigMaps it takes its environment from exist", configMaps.length > 0 && configMaps.every(Boolean));
const config = Object.assign({}, ...configMaps.map((c) => c?.data ?? {}));
const known = new Map(Object.keys(keyDefaults).map((k) => [envName(k), k]));
const unknownKeys = Object.keys(config).filter((k) => !known.has(k));
check("ConfigMap: every name is the environment variable of a key in lb.config.Key", unknownKeys.length === 0, unknownKeys.join(", "));
check("ConfigMap: sets LB_BACKENDS", !!config.LB_BACKENDS);
const setting = (key) => config[envName(key)] ?? env[envName(key)]?.value ?? keyDefaults[key];
const drain = seconds(setting("lb.shutdown.drain"));
const grace = seconds(setting("lb.shutdown.grace"));
check(`terminationGracePeriodSeconds (${pod.terminationGracePeriodSeconds}) >= lb.shutdown.drain (${drain} s) + lb.shutdown.grace (${grace} s) + 5 s`,
  pod.terminationGracePeriodSeconds >= drain + grace + 5);
check("no preStop hook: the balancer drains itself on SIGTERM", !container.lifecycle?.preStop);
check("Deployment: a rolling update never has fewer ready balancers than replicas",
  deployment.spec.strategy?.rollingUpdate?.maxUnavailable === 0);

// The data grid: Payara's --clustermode kubernetes:NAMESPACE,SERVICE
const clusterMode = /^kubernetes:\$\(POD_NAMESPACE\),(.+)$/.exec(option(args, "--clustermode") ?? "");
check("Deployment: --clustermode kubernetes:$(POD_NAMESPACE),SERVICE", !!clusterMode, option(args, "--clustermode"));
check("Deployment: POD_NAMESPACE and POD_NAME from the downward API",
  env.POD_NAMESPACE?.valueFrom?.fieldRef?.fieldPath === "metadata.namespace" && env.POD_NAME?.valueFrom?.fieldRef?.fieldPath === "metadata.name");
check("Deployment: Hazelcast does not look up public addresses (HAZELCAST_KUBERNETES_EXPOSE_EXTERNALLY=false)",
  env.HAZELCAST_KUBERNETES_EXPOSE_EXTERNALLY?.value === "false");
const grid = find("Service", clusterMode?.[1]);
check("discovery Service: exists, headless, selects the pods", grid && grid.spec.clusterIP === "None" && selects(grid.spec.selector, podLabels));
check("discovery Service: lists pods that are not ready (booting, or with no fit backend)", grid?.spec.publishNotReadyAddresses === true);
check("discovery Service: its port is Hazelcast's", grid?.spec.ports.some((p) => p.port === ports.hazelcast && portOf(p.targetPort ?? p.port) === ports.hazelcast));

const front = all("Service").filter((s) => s !== grid);
check("client Service: selects the pods and sends to the HTTP port",
  front.length === 1 && selects(front[0].spec.selector, podLabels) && front[0].spec.ports.every((p) => portOf(p.targetPort) === ports.http));

// RBAC for the discovery: the calls Hazelcast's Kubernetes discovery makes, as
// loopback-pods.sh records them at its stand-in API server.
const account = pod.serviceAccountName;
check("Deployment: its ServiceAccount exists", !!account && !!find("ServiceAccount", account));
const binding = all("RoleBinding").find((b) => b.subjects?.some((s) => s.kind === "ServiceAccount" && s.name === account));
const role = binding && binding.roleRef.kind === "Role" && find("Role", binding.roleRef.name);
check("RoleBinding: binds the ServiceAccount to a Role of the same namespace",
  !!role && binding.metadata.namespace === deployment.metadata.namespace && role.metadata.namespace === deployment.metadata.namespace);
const allows = (group, resource, verb) => (role?.rules ?? []).some((r) => r.apiGroups.includes(group)
  && r.resources.includes(resource) && r.verbs.includes(verb) && !(r.resourceNames?.length));
for (const [group, resource, verb] of [["discovery.k8s.io", "endpointslices", "list"], ["", "endpoints", "get"], ["", "pods", "get"]]) {
  check(`Role: ${verb} ${resource}${group ? "." + group : ""}`, allows(group, resource, verb));
}
check("Role: nothing else, no wildcard, no secrets",
  (role?.rules ?? []).every((r) => !r.verbs.includes("*") && !r.resources.includes("*") && !r.resources.includes("secrets")
    && r.verbs.every((v) => ["get", "list"].includes(v))));

// The admin user: from a Secret that is not in the repository.
const passwordFile = /create-file-user\s.*--passwordfile\s+(\S+)/.exec(postboot)?.[1];
check("post-boot file: makes the lb-admin user from a password file", !!passwordFile && /--groups\s+lb-admin/.test(postboot));
const mount = (container.volumeMounts ?? []).find((m) => passwordFile && path.dirname(passwordFile) === m.mountPath);
const secretVolume = mount && pod.volumes.find((v) => v.name === mount.name)?.secret;
check("Deployment: that password file is mounted from a Secret", !!secretVolume?.secretName, passwordFile);
check("the Secret is not among the manifests", !objects.some((o) => o.kind === "Secret"));
check("the Secret's files are readable by the pod's group",
  ((secretVolume?.defaultMode ?? 0o644) & 0o040) !== 0 && pod.securityContext?.fsGroup === pod.securityContext?.runAsGroup);
check("Deployment: runs as the image's user payara (uid 1000), never root", pod.securityContext?.runAsUser === 1000 && pod.securityContext?.runAsNonRoot === true);
check("Deployment: a read-only root file system has a writable /tmp",
  !container.securityContext?.readOnlyRootFilesystem || (container.volumeMounts ?? []).some((m) => m.mountPath === "/tmp"));

// Only the balancers reach the data grid's port.
const policies = all("NetworkPolicy").filter((p) => selects(p.spec.podSelector.matchLabels, podLabels));
const gridRules = policies.flatMap((p) => p.spec.ingress ?? []).filter((r) => !r.ports || r.ports.some((p) => portOf(p.port) === ports.hazelcast));
check("NetworkPolicy: the grid's port only from the balancers' pods",
  gridRules.length > 0 && gridRules.every((r) => (r.from ?? []).length > 0 && r.from.every((f) => selects(f.podSelector?.matchLabels, podLabels) && !f.ipBlock)));
check("NetworkPolicy: the HTTP port stays open",
  policies.some((p) => (p.spec.ingress ?? []).some((r) => !r.from && r.ports?.some((x) => portOf(x.port) === ports.http))));
const budget = all("PodDisruptionBudget")[0];
check("PodDisruptionBudget: selects the pods", !!budget && selects(budget.spec.selector.matchLabels, podLabels));

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
