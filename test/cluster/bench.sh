#!/usr/bin/env bash
# The benchmark (README "Benchmark", TESTING.md tier 5) against a real Kubernetes 1.20 API server on this machine:
# a fresh control plane (etcd, kube-apiserver, kube-controller-manager; node-up.sh with
# KASO_CLUSTER_CONTROL_PLANE_ONLY=1), then `./mvnw -Pbench verify` with kubeconfig=<the admin kubeconfig>, then
# node-down.sh, always. Fabric8's in-memory API scans every object on every request, so W10k measures it rather than
# the operator; a real API server does not.
#
#   test/cluster/bench.sh [N] [extra benchmark arguments]
#   test/cluster/bench.sh 10000 "idleSeconds=30 restartSeconds=60"
#
# Run as root (node-up.sh starts etcd and the control plane as node-down.sh's records say). Needs the binaries
# build-kubernetes.sh builds (cached in $KASO_CLUSTER_CACHE; built here when missing, ~10 minutes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
[[ $EUID -eq 0 ]] || die "run as root (node-up.sh and node-down.sh need it)"
n="${1:-1000}"
extra="${2:-}"

[[ -x "$K8S_BIN/kube-apiserver" ]] || "$here/build-kubernetes.sh"
trap '"$here/node-down.sh"' EXIT
"$here/node-down.sh"
KASO_CLUSTER_CONTROL_PLANE_ONLY=1 "$here/node-up.sh"

# What bounds the API server: its in-flight limits (400 reads, 200 writes unless given) and, on by default in
# 1.20, API Priority and Fairness, which puts the admin credentials used here (system:masters) in the exempt level.
apiserver_flags="$(tr '\0' ' ' < "/proc/$(cat "$KASO_CLUSTER_RUN/pids/kube-apiserver")/cmdline")"
inflight="$(grep -o -- '--max[a-z-]*-inflight=[0-9]*' <<< "$apiserver_flags" | tr '\n' ' ' || true)"
log "kube-apiserver in-flight limits: ${inflight:---max-requests-inflight=400 --max-mutating-requests-inflight=200 (defaults)}"
if kubectl get --raw /apis/flowcontrol.apiserver.k8s.io/v1beta1 >/dev/null 2>&1; then
  log "API Priority and Fairness: on; system:masters is exempt (the benchmark and the operator use admin credentials)"
fi
log "etcd: default --quota-backend-bytes (2 GiB); its size after the run is printed below"

cd "$repo"
status=0
./mvnw -B -Pbench verify -Dbench.n="$n" -Dbench.args="kubeconfig=$KUBECONFIG_ADMIN $extra" || status=$?
db="$(curl -sf http://127.0.0.1:2379/metrics | awk '/^etcd_mvcc_db_total_size_in_bytes / {printf "%.0f", $2 / 1048576}')"
log "etcd database after the run: ${db:-?} MiB (quota 2048 MiB)"
exit "$status"
