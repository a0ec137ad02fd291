#!/usr/bin/env bash
# Deletes everything the course's Kubernetes chapters create with this repo's manifests and the
# commands of k8s/README.md, whatever was created so far. Extra arguments go to every kubectl call,
# e.g. k8s/cleanup.sh --context kind-course -n course
set -u
kubectl delete pods healthy-monolith monolith secure-monolith --ignore-not-found "$@"
kubectl delete services auth frontend hello monolith nginx --ignore-not-found "$@"
kubectl delete deployments auth frontend hello nginx --ignore-not-found "$@"
kubectl delete secrets jwt-secret tls-certs --ignore-not-found "$@"
kubectl delete configmaps nginx-frontend-conf nginx-proxy-conf --ignore-not-found "$@"
