import assert from "node:assert/strict";
import { type K8sObject, loadManifests, podSources, topLevel } from "../support/k8s.ts";
import { MODES } from "../../src/cli/modes.ts";

// deno-lint-ignore no-explicit-any
type Container = Record<string, any>;

/** The app containers (first argument a serving mode) with their pod's file and metadata. */
async function appPods() {
  const manifests = await loadManifests();
  const pods = podSources(manifests).flatMap((pod) =>
    (pod.spec.containers as Container[])
      .filter((c) => Object.hasOwn(MODES, c.args?.[0] ?? ""))
      .map((container) => ({ ...pod, container }))
  );
  return { manifests, pods };
}

function annotationsOf(manifests: K8sObject[], file: string, name: string): Record<string, string> {
  const object = manifests.find((m) => m.file === file && m.object.metadata.name === name)!.object;
  return (object.kind === "Pod" ? object.metadata : object.spec.template.metadata).annotations ?? {};
}

function healthPort(container: Container): number {
  const args: string[] = container.args;
  const address = args[args.indexOf("-health") + 1];
  return Number(address.slice(address.lastIndexOf(":") + 1));
}

Deno.test("every pod running the app is annotated for scraping at its health port's /metrics", async () => {
  const { manifests, pods } = await appPods();
  assert.ok(pods.length >= 5, `found ${pods.length}`);
  for (const { file, name, container } of pods) {
    const annotations = annotationsOf(manifests, file, name);
    const where = `${file} ${name}`;
    assert.equal(annotations["prometheus.io/scrape"], "true", where);
    assert.equal(annotations["prometheus.io/path"], "/metrics", where);
    const port = Number(annotations["prometheus.io/port"]);
    assert.equal(port, healthPort(container), `${where}: the -health port`);
    const named = (container.ports as Container[]).find((p) => p.name === "health");
    assert.equal(named?.containerPort, port, `${where}: the container port named health`);
  }
});

Deno.test("the optional PodMonitor selects every app pod by a port they all name, and is not in kubectl create -f k8s", async () => {
  const { manifests, pods } = await appPods();
  const monitors = manifests.filter((m) => m.object.kind === "PodMonitor");
  assert.equal(monitors.length, 1);
  const [{ file, object: monitor }] = monitors;
  assert.ok(file.startsWith("monitoring/"), file);
  assert.ok(!topLevel(manifests).some((m) => m.object.kind === "PodMonitor"));
  const [expression] = monitor.spec.selector.matchExpressions;
  const selected = (labels: Record<string, string>) =>
    expression.operator === "In" && expression.values.includes(labels[expression.key]);
  for (const { file: podFile, name, labels, container } of pods) {
    assert.ok(selected(labels), `${podFile} ${name} is selected`);
    for (const endpoint of monitor.spec.podMetricsEndpoints) {
      assert.ok(
        (container.ports as Container[]).some((p) => p.name === endpoint.port),
        `${name}: ${endpoint.port}`,
      );
      assert.equal(endpoint.path, "/metrics");
    }
  }
  const others = podSources(manifests).filter((pod) =>
    !pods.some((p) => p.file === pod.file && p.name === pod.name)
  );
  for (const pod of others) {
    assert.ok(!selected(pod.labels), `${pod.file} ${pod.name} (no /metrics) is not selected`);
  }
});
