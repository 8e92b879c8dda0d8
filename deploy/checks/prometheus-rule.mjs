// Writes k8s/components/monitoring/prometheusrule.yaml from deploy/prometheus/alerts.yml: the same rules for the
// Prometheus Operator. `node deploy/checks/prometheus-rule.mjs` after editing the alerts; check.mjs fails while the
// two differ.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const target = join(root, "k8s/components/monitoring/prometheusrule.yaml");

export function prometheusRule() {
  const alerts = yaml.load(readFileSync(join(root, "deploy/prometheus/alerts.yml"), "utf8"));
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "loyalty-platform", labels: { "app.kubernetes.io/part-of": "loyalty-platform" } },
    spec: { groups: alerts.groups },
  };
  return "# Generated from deploy/prometheus/alerts.yml by deploy/checks/prometheus-rule.mjs: edit that file, not this one.\n"
    + yaml.dump(rule, { lineWidth: -1, noRefs: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(target, prometheusRule());
  console.log(`wrote ${target}`);
}
