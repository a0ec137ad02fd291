#!/usr/bin/env bash
# Deletes everything the course's Kubernetes chapters create with this repo's manifests, the
# production overlays and the commands of k8s/README.md, whatever was created so far. Extra
# arguments go to every kubectl call, e.g. k8s/cleanup.sh --context kind-course -n course
# (tests/deploy/k8s_cleanup_test.ts checks that every object those create is deleted here).
set -u
kubectl delete pods healthy-monolith monolith secure-monolith --ignore-not-found "$@"
kubectl delete services auth frontend hello monolith nginx --ignore-not-found "$@"
kubectl delete deployments auth frontend hello nginx --ignore-not-found "$@"
kubectl delete secrets jwt-secret jwt-signing-key tls-certs users --ignore-not-found "$@"
kubectl delete configmaps nginx-frontend-conf nginx-proxy-conf --ignore-not-found "$@"
# The production overlays (kubectl apply -k k8s/overlays/...).
kubectl delete horizontalpodautoscalers auth frontend hello --ignore-not-found "$@"
kubectl delete poddisruptionbudgets auth frontend hello --ignore-not-found "$@"
kubectl delete networkpolicies app-default-deny-ingress auth frontend hello --ignore-not-found "$@"
# The optional k8s/monitoring/pod-monitor.yaml (silent where the Prometheus Operator is not installed).
kubectl delete podmonitors app --ignore-not-found "$@" 2>/dev/null || true
# The `monitoring` namespace of the NetworkPolicy check, unless something runs in it: a cluster's
# own monitoring may live in a namespace of that name.
if [ -z "$(kubectl get pods "$@" -n monitoring -o name 2>/dev/null)" ]; then
  kubectl delete namespaces monitoring --ignore-not-found "$@"
else
  echo "kept namespace monitoring: it has pods of its own" >&2
fi
