import assert from "node:assert/strict";
import { type K8sObject, kubectlInstalled } from "../support/k8s.ts";
import {
  APPS,
  deploymentsSelected,
  ingressTo,
  named,
  ofKind,
  renderProduction,
} from "../support/k8s_overlay.ts";

// The production overlay's NetworkPolicies, read with a model of the NetworkPolicy rules
// (tests/support/k8s_overlay.ts). No cluster, so no CNI plugin: this proves what the policies
// say, not that a plugin enforces them (kustomize/README.md).
const HAVE_KUBECTL = await kubectlInstalled();
if (!HAVE_KUBECTL) console.warn("kubectl is not installed: the NetworkPolicy checks are ignored");

/** The only ways into the app's pods: the frontend from anywhere on TLS, the rest as documented. */
const MONITORING = "namespace kubernetes.io/metadata.name=monitoring";
const EXPECTED_INGRESS: Record<string, string[]> = {
  auth: [`health/TCP <- ${MONITORING}`, "http/TCP <- pods of frontend"],
  frontend: ["https/TCP <- any"],
  hello: [`health/TCP <- ${MONITORING}`, "http/TCP <- pods of frontend"],
};

Deno.test({
  name:
    "NetworkPolicies select existing pods, open only named container ports, and let in only what is documented",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const manifests = await renderProduction();
    for (const { object: policy } of ofKind(manifests, "NetworkPolicy")) {
      const at = `NetworkPolicy/${policy.metadata.name}`;
      const selected = deploymentsSelected(policy.spec.podSelector, manifests);
      // A rule-less policy is the default deny of all the app's pods; the others are each one Deployment's.
      assert.deepEqual(selected, policy.spec.ingress ? [policy.metadata.name] : APPS, at);
      for (const name of selected) {
        const containerPorts =
          (named(manifests, "Deployment", name)!.spec.template.spec.containers as K8sObject[])
            .flatMap((c) => c.ports ?? []);
        for (const rule of policy.spec.ingress ?? []) {
          assert.ok(rule.ports?.length > 0, `${at}: a rule without ports opens all of them`);
          for (const { port, protocol = "TCP" } of rule.ports) {
            assert.equal(typeof port, "string", `${at}: port ${port} by name`);
            const match = containerPorts.find((p) => p.name === port);
            assert.ok(match, `${at}: ${port} is a named port of ${name}'s pods`);
            assert.equal(match.protocol ?? "TCP", protocol, `${at}: ${port} protocol`);
          }
        }
      }
    }
    for (const app of APPS) {
      assert.deepEqual(ingressTo(app, manifests), { isolated: true, allowed: EXPECTED_INGRESS[app] }, app);
    }
  },
});

Deno.test({
  name: "the NetworkPolicy model sees a rule opened to every source or every port",
  ignore: !HAVE_KUBECTL,
  async fn() {
    const manifests = structuredClone(await renderProduction());
    const auth = named(manifests, "NetworkPolicy", "auth")!;
    delete auth.spec.ingress[0].from;
    delete auth.spec.ingress[1].ports;
    assert.deepEqual(ingressTo("auth", manifests).allowed, [`*/* <- ${MONITORING}`, "http/TCP <- any"]);
    for (const { object } of ofKind(manifests, "NetworkPolicy")) {
      object.spec.podSelector = { matchLabels: { app: "x" } };
    }
    assert.deepEqual(ingressTo("auth", manifests), { isolated: false, allowed: [] });
  },
});
