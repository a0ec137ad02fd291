import assert from "node:assert/strict";
import { stepPlainManifestChecks } from "../support/k8s_all_checks.ts";
import { type K8sObject, kubectlInstalled } from "../support/k8s.ts";
import {
  APPS,
  deploymentsSelected,
  minAvailableOf,
  named,
  ofKind,
  renderProduction,
} from "../support/k8s_overlay.ts";

// The production overlay as `kubectl kustomize` renders it, checked object by object (its
// NetworkPolicies: k8s_network_policy_test.ts). No cluster exists here: these checks prove what the
// objects say and that they fit together, not how a scheduler or an HPA controller acts on them
// (kustomize/README.md).
const HAVE_KUBECTL = await kubectlInstalled();
if (!HAVE_KUBECTL) console.warn("kubectl is not installed: the production overlay checks are ignored");

/** CPU millicores of a Kubernetes quantity (`100m`, `1`, `0.5`). */
function millicores(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith("m") ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

/** Summed CPU requests and limits of a pod template, in millicores. */
function podCpu(deployment: K8sObject): { request: number; limit: number } {
  const containers = deployment.spec.template.spec.containers as K8sObject[];
  return {
    request: containers.reduce((sum, c) => sum + millicores(c.resources.requests.cpu), 0),
    limit: containers.reduce((sum, c) => sum + millicores(c.resources.limits.cpu), 0),
  };
}

Deno.test({
  name: "kubectl kustomize kustomize/overlays/production renders the stack and its production objects",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const ids = (await renderProduction()).map(({ object }) => `${object.kind}/${object.metadata.name}`);
    assert.deepEqual(
      ids.sort(),
      [
        ...APPS.flatMap((app) => [
          `Deployment/${app}`,
          `HorizontalPodAutoscaler/${app}`,
          `NetworkPolicy/${app}`,
          `PodDisruptionBudget/${app}`,
          `Service/${app}`,
        ]),
        "NetworkPolicy/app-default-deny-ingress",
      ].sort(),
    );
  },
});

Deno.test({
  name: "every rendered object passes the checks the plain manifests pass",
  ignore: !HAVE_KUBECTL,
  async fn(t) {
    await stepPlainManifestChecks(t, await renderProduction());
  },
});

Deno.test({
  name: "each Deployment has one HPA on CPU, whose pods all request CPU, and no replica count to fight it",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const manifests = await renderProduction();
    const hpas = ofKind(manifests, "HorizontalPodAutoscaler").map(({ object }) => object);
    assert.deepEqual(hpas.map((hpa) => hpa.spec.scaleTargetRef.name).sort(), APPS, "one HPA per Deployment");
    for (const hpa of hpas) {
      const at = `HorizontalPodAutoscaler/${hpa.metadata.name}`;
      const { apiVersion, kind, name } = hpa.spec.scaleTargetRef;
      assert.deepEqual([apiVersion, kind], ["apps/v1", "Deployment"], at);
      const target = named(manifests, "Deployment", name);
      assert.ok(target, `${at}: its Deployment ${name} exists`);
      for (const container of target.spec.template.spec.containers) {
        assert.ok(container.resources?.requests?.cpu, `${at}: ${container.name} requests CPU`);
      }
      assert.deepEqual(
        hpa.spec.metrics.map((m: K8sObject) => [m.type, m.resource?.name, m.resource?.target.type]),
        [
          ["Resource", "cpu", "Utilization"],
        ],
        at,
      );
      assert.equal(target.spec.replicas, undefined, `${at}: Deployment ${name} leaves replicas to the HPA`);
      assert.ok(hpa.spec.minReplicas >= 2, `${at}: two pods at least, on two nodes`);
      assert.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas, at);
      assert.ok(
        hpa.spec.behavior?.scaleDown?.stabilizationWindowSeconds >= 60,
        `${at}: explicit scale-down window`,
      );
    }
  },
});

Deno.test({
  name:
    "each PodDisruptionBudget covers exactly one Deployment's pods and keeps at least one, below its minimum",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const manifests = await renderProduction();
    const covered: string[] = [];
    for (const { object: pdb } of ofKind(manifests, "PodDisruptionBudget")) {
      const at = `PodDisruptionBudget/${pdb.metadata.name}`;
      const selected = deploymentsSelected(pdb.spec.selector, manifests);
      assert.equal(selected.length, 1, `${at} selects the pods of ${selected}`);
      const [name] = selected;
      covered.push(name);
      assert.equal(pdb.spec.maxUnavailable, undefined, at);
      const hpa = named(manifests, "HorizontalPodAutoscaler", name);
      const deployment = named(manifests, "Deployment", name)!;
      const minimums = [hpa?.spec.minReplicas, deployment.spec.replicas].filter((n) => n !== undefined);
      assert.ok(minimums.length > 0, `${at}: ${name} has a replica count or an HPA`);
      for (const replicas of minimums) {
        const kept = minAvailableOf(pdb.spec.minAvailable, replicas);
        assert.ok(kept >= 1, `${at}: a drain leaves ${kept} of ${replicas}`);
        assert.ok(kept < replicas, `${at}: minAvailable ${kept} < ${replicas}, or no node could ever drain`);
      }
    }
    assert.deepEqual(covered.sort(), APPS);
  },
});

Deno.test({
  name: "HPA targets are half the CPU limit: the headroom for a drain and a scale-down step",
  ignore: !HAVE_KUBECTL,
  async fn() {
    // At the target each pod uses target x request. A drain (down to the PDB's minAvailable) or one
    // scale-down step moves the load of the pods removed onto the rest; they must stay within the
    // CPU limit, or they are throttled before the HPA can add pods back.
    const manifests = await renderProduction();
    for (const { object: hpa } of ofKind(manifests, "HorizontalPodAutoscaler")) {
      const name = hpa.spec.scaleTargetRef.name;
      const at = `HorizontalPodAutoscaler/${name}`;
      const { request, limit } = podCpu(named(manifests, "Deployment", name)!);
      const atTarget = (hpa.spec.metrics[0].resource.target.averageUtilization / 100) * request;
      assert.equal(atTarget, limit / 2, `${at}: aims at half the pods' CPU limit`);
      const pdb = named(manifests, "PodDisruptionBudget", name)!;
      for (let replicas = hpa.spec.minReplicas; replicas <= hpa.spec.maxReplicas; replicas++) {
        const kept = minAvailableOf(pdb.spec.minAvailable, replicas);
        assert.ok(atTarget * replicas / kept <= limit, `${at}: ${replicas} pods drained to ${kept}`);
        for (const policy of hpa.spec.behavior.scaleDown.policies) {
          const removed = policy.type === "Percent" ? Math.ceil(replicas * policy.value / 100) : policy.value;
          const left = Math.max(replicas - removed, hpa.spec.minReplicas);
          assert.ok(atTarget * replicas / left <= limit, `${at}: ${replicas} pods scaled down to ${left}`);
        }
      }
    }
  },
});

Deno.test({
  name: "replicas spread over nodes, and over zones where nodes have one",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const manifests = await renderProduction();
    for (const { object } of ofKind(manifests, "Deployment")) {
      const at = `Deployment/${object.metadata.name}`;
      const constraints = object.spec.template.spec.topologySpreadConstraints as K8sObject[];
      assert.deepEqual(
        constraints.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew]),
        [["kubernetes.io/hostname", "DoNotSchedule", 1], [
          "topology.kubernetes.io/zone",
          "ScheduleAnyway",
          1,
        ]],
        at,
      );
      for (const constraint of constraints) {
        assert.deepEqual(
          deploymentsSelected(constraint.labelSelector, manifests),
          [object.metadata.name],
          at,
        );
        assert.deepEqual(
          constraint.matchLabelKeys,
          ["pod-template-hash"],
          `${at}: each rollout's pods spread anew`,
        );
      }
      assert.equal(
        constraints[0].nodeTaintsPolicy,
        "Honor",
        `${at}: tainted nodes do not hold the skew back`,
      );
    }
  },
});

Deno.test({
  name: "production has no demo account: auth mounts the users file it reads from a required Secret",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const auth = named(await renderProduction(), "Deployment", "auth")!;
    const [container] = (auth.spec.template.spec.containers as K8sObject[]).filter((c) => c.name === "auth");
    const args: string[] = container.args;
    const usersFile = args[args.indexOf("-users-file") + 1];
    const mount = (container.volumeMounts as K8sObject[]).find((m) =>
      usersFile.startsWith(`${m.mountPath}/`)
    );
    const volume = (auth.spec.template.spec.volumes as K8sObject[]).find((v) => v.name === mount?.name);
    assert.equal(volume?.secret?.secretName, "users");
    assert.equal(
      volume?.secret?.optional,
      false,
      "the pod waits for the Secret instead of serving user/password",
    );
  },
});

Deno.test("minAvailableOf rounds percentages up, as the disruption controller does", () => {
  assert.equal(minAvailableOf("50%", 2), 1);
  assert.equal(minAvailableOf("50%", 3), 2);
  assert.equal(minAvailableOf(1, 5), 1);
  assert.throws(() => minAvailableOf("half", 2));
});
