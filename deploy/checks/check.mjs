// Checks of the deployment files that need neither Docker nor a cluster. Exits non-zero on any problem.
//   node check.mjs                      files only
//   METRICS_KEY=dev-metrics-key METRICS_URLS=http://localhost:8081/actuator/prometheus,... node check.mjs
//                                       also: every metric the dashboard and the alerts name is exposed
//                                       (scraped with METRICS_KEY, a key with the METRICS role)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { prometheusRule, target as prometheusRuleTarget } from "./prometheus-rule.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);
const ok = (what) => console.log(`ok   ${what}`);

// 1. Kustomize: every overlay renders, and every object is valid against the Kubernetes schemas.
const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};
let kubectl = true;
try {
  execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
} catch {
  kubectl = false;
  console.log("SKIP kubectl is not installed here: the Kubernetes overlays are not rendered or validated");
}
for (const overlay of kubectl ? ["dev", "prod"] : []) {
  const where = `k8s/overlays/${overlay}`;
  let rendered;
  try {
    rendered = execFileSync("kubectl", ["kustomize", join(root, where)], { encoding: "utf8" });
  } catch (e) {
    problem(where, `kubectl kustomize failed: ${e.stderr || e.message}`);
    continue;
  }
  const objects = yaml.loadAll(rendered).filter(Boolean);
  for (const object of objects) {
    const name = `${where} ${object.kind}/${object.metadata?.name}`;
    const module = modules[object.apiVersion];
    if (!module) {
      problem(name, `no schema known for ${object.apiVersion}`);
      continue;
    }
    const types = await import(module);
    const Kind = types[object.kind];
    if (!Kind) {
      problem(name, `${object.apiVersion} has no kind ${object.kind}`);
      continue;
    }
    try {
      new Kind(object).validate();
    } catch (e) {
      problem(name, e.message.split("\n").slice(0, 4).join(" "));
    }
  }
  ok(`${where}: ${objects.length} objects render and validate`);
}

// 2. docker-compose.yml parses and refers only to files that exist.
const compose = yaml.load(readFileSync(join(root, "docker-compose.yml"), "utf8"));
for (const [name, service] of Object.entries(compose.services)) {
  if (service.build) {
    const context = join(root, service.build.context ?? ".");
    if (!existsSync(join(context, service.build.dockerfile ?? "Dockerfile"))) problem(`compose ${name}`, "Dockerfile not found");
    const module = service.build.args?.SERVICE;
    if (module && !existsSync(join(root, module, "pom.xml"))) problem(`compose ${name}`, `no module ${module}`);
  }
  for (const volume of service.volumes ?? []) {
    const source = String(volume).split(":")[0];
    if (source.startsWith(".") && !existsSync(join(root, source))) problem(`compose ${name}`, `mounts missing ${source}`);
  }
  for (const secret of service.secrets ?? []) {
    if (!compose.secrets?.[secret]) problem(`compose ${name}`, `uses undeclared secret ${secret}`);
  }
  for (const dependency of Object.keys(service.depends_on ?? {})) {
    if (!compose.services[dependency]) problem(`compose ${name}`, `depends on unknown ${dependency}`);
  }
}
for (const [name, secret] of Object.entries(compose.secrets ?? {})) {
  const file = String(secret.file ?? "").replace(/^\$\{[A-Z_]+:-(.*)\}$/, "$1");
  if (file.startsWith(".") && !existsSync(join(root, file))) problem(`compose secret ${name}`, `file ${file} missing`);
}
ok(`docker-compose.yml: ${Object.keys(compose.services).length} services, files and dependencies exist`);

// 3. Prometheus configuration and alert rules parse and are complete.
const prometheus = yaml.load(readFileSync(join(root, "deploy/prometheus/prometheus.yml"), "utf8"));
if (!prometheus.scrape_configs?.length) problem("prometheus.yml", "no scrape_configs");
const alerts = yaml.load(readFileSync(join(root, "deploy/prometheus/alerts.yml"), "utf8"));
const rules = alerts.groups.flatMap((g) => g.rules);
for (const rule of rules) {
  if (!rule.alert || !rule.expr) problem("alerts.yml", `rule without alert or expr: ${JSON.stringify(rule)}`);
  if (rule.expr && !balanced(rule.expr)) problem(`alerts.yml ${rule.alert}`, "unbalanced brackets in expr");
}
for (const rule of rules) {
  for (const annotation of ["summary", "description", "runbook_url"]) {
    if (!rule.annotations?.[annotation]) problem(`alerts.yml ${rule.alert}`, `no ${annotation} annotation`);
  }
  if (!readFileSync(join(root, "deploy/RUNBOOK.md"), "utf8").includes(`## ${rule.alert}`)) {
    problem(`alerts.yml ${rule.alert}`, "no section in deploy/RUNBOOK.md");
  }
}
if (readFileSync(prometheusRuleTarget, "utf8") !== prometheusRule()) {
  problem("k8s/components/monitoring/prometheusrule.yaml", "differs from deploy/prometheus/alerts.yml: run node deploy/checks/prometheus-rule.mjs");
}
ok(`prometheus.yml and alerts.yml: ${rules.length} alert rules, each with a runbook; the PrometheusRule holds the same`);

// 4. The dashboard parses; every query and alert names only metrics the services expose.
const dashboard = JSON.parse(readFileSync(join(root, "k8s/components/monitoring/dashboards/loyalty-platform.json"), "utf8"));
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => [`panel "${p.title}"`, t.expr]))
  .concat(rules.map((r) => [`alert ${r.alert}`, r.expr]));
for (const [where, expr] of exprs) if (!balanced(expr)) problem(where, "unbalanced brackets");
ok(`dashboard: ${dashboard.panels.length} panels parse`);
if (process.env.METRICS_URLS) {
  const exposed = new Set();
  for (const url of process.env.METRICS_URLS.split(",")) {
    const response = await fetch(url, { headers: process.env.METRICS_KEY ? { Authorization: `Bearer ${process.env.METRICS_KEY}` } : {} });
    if (response.status !== 200) {
      problem(url, `scrape answered ${response.status}`);
      continue;
    }
    const text = await response.text();
    for (const line of text.split("\n")) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
      if (match && !line.startsWith("#")) exposed.add(match[1]);
    }
  }
  exposed.add("up"); // written by Prometheus itself
  // Micrometer registers the GC pause timer at the first collection; a freshly started JVM
  // with a large heap may not have collected yet, so its absence proves nothing.
  for (const lazy of ["jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_max"]) exposed.add(lazy);
  for (const [where, expr] of exprs) {
    for (const metric of metricsIn(expr)) {
      if (!exposed.has(metric)) problem(where, `metric ${metric} is not exposed by the services`);
    }
  }
  ok(`every metric named by the dashboard and the alerts is exposed (${exposed.size} series names seen)`);
} else {
  console.log("SKIP METRICS_URLS not set: metric names not checked against running services");
}

if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n` + problems.map((p) => `  - ${p}`).join("\n"));
  process.exit(1);
}
console.log("deployment checks passed");

function balanced(expr) {
  let depth = 0;
  for (const c of expr.replace(/"[^"]*"/g, "")) {
    if ("({[".includes(c)) depth++;
    if (")}]".includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** Metric names in a PromQL expression: identifiers not followed by "(" and not inside {...} or [...] or by (...). */
function metricsIn(expr) {
  const keywords = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "bool", "offset", "le"]);
  const stripped = expr.replace(/"[^"]*"/g, "").replace(/\{[^}]*\}/g, "").replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "");
  const names = new Set();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (!match[2] && !keywords.has(match[1]) && !/^\d/.test(match[1])) names.add(match[1]);
  }
  return names;
}
