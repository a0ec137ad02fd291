/**
 * The Kubernetes API models (`kubernetes-models`) the schema test validates manifests with, loaded
 * without the one warning their dependencies print: `ajv-formats-draft2019` calls
 * `require("punycode")`, which resolves to Node's deprecated built-in module (DEP0040) although
 * it depends on the userland `punycode` package. Only DEP0040 is dropped, only while they load.
 * @module
 */
import process from "node:process";

type EmitWarning = typeof process.emitWarning;

async function withoutPunycodeWarning<T>(load: () => Promise<T>): Promise<T> {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const [typeOrOptions, code] = rest;
    const warned = typeof typeOrOptions === "object" && typeOrOptions !== null
      ? (typeOrOptions as { code?: string }).code
      : code;
    if (warned === "DEP0040") return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as EmitWarning;
  try {
    return await load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

const [apps, pod, service, hpa, policy, netpol] = await withoutPunycodeWarning(() =>
  Promise.all([
    import("kubernetes-models/apps/v1/Deployment"),
    import("kubernetes-models/v1/Pod"),
    import("kubernetes-models/v1/Service"),
    import("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler"),
    import("kubernetes-models/policy/v1/PodDisruptionBudget"),
    import("kubernetes-models/networking.k8s.io/v1/NetworkPolicy"),
  ])
);

/** `apps/v1` Deployment, with `validate()` against the API schema. */
export const Deployment: typeof apps.Deployment = apps.Deployment;
/** `v1` Pod, with `validate()` against the API schema. */
export const Pod: typeof pod.Pod = pod.Pod;
/** `v1` Service, with `validate()` against the API schema. */
export const Service: typeof service.Service = service.Service;
/** `autoscaling/v2` HorizontalPodAutoscaler, with `validate()` against the API schema. */
export const HorizontalPodAutoscaler: typeof hpa.HorizontalPodAutoscaler = hpa.HorizontalPodAutoscaler;
/** `policy/v1` PodDisruptionBudget, with `validate()` against the API schema. */
export const PodDisruptionBudget: typeof policy.PodDisruptionBudget = policy.PodDisruptionBudget;
/** `networking.k8s.io/v1` NetworkPolicy, with `validate()` against the API schema. */
export const NetworkPolicy: typeof netpol.NetworkPolicy = netpol.NetworkPolicy;
