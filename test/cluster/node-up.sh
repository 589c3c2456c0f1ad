#!/usr/bin/env bash
# Starts a one-node Kubernetes 1.20 cluster on this machine, from the binaries build-kubernetes.sh made:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler on 127.0.0.1; containerd + runc and the kubelet;
#   pods on the bridge kaso0 (10.244.0.0/24, CNI bridge plugin, no masquerade: pods reach only this machine).
# Pods reach the API server at https://10.0.0.1:443 (the `kubernetes` Service) through one DNAT rule; there is
# no kube-proxy and no cluster DNS. Every process is recorded in $KASO_CLUSTER_RUN/pids for node-down.sh.
# Usage: node-up.sh (after node-down.sh, which run.sh calls first).
# KASO_CLUSTER_CONTROL_PLANE_ONLY=1: etcd, kube-apiserver and kube-controller-manager only, then exit (no network,
# scheduler, containerd or kubelet; bench.sh runs the benchmark against it). Unset, the whole node, as run.sh needs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
control_plane_only="${KASO_CLUSTER_CONTROL_PLANE_ONLY:-}"
if [[ "$control_plane_only" == 1 ]]; then
  apt_install etcd-server openssl curl
else
  apt_install etcd-server containerd runc containernetworking-plugins iptables iproute2 openssl conntrack
fi

run="$KASO_CLUSTER_RUN"
pki="$run/pki"
logs="$run/logs"
mkdir -p "$run" "$pki" "$logs" "$run/pids" "$run/bin"
# kubectl, never waiting on a request for more than a minute (the tier must not hang).
printf '#!/bin/sh\nexec "%s/kubectl" --request-timeout=60s "$@"\n' "$K8S_BIN" > "$run/bin/kubectl"
chmod +x "$run/bin/kubectl"

# Starts "$@" in the background with its output in logs/<name>.log, recording its pid.
start() {
  local name="$1"; shift
  setsid "$@" > "$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$run/pids/$name"
}

# --- certificates: one CA; the API server's serving cert; a client cert per component -----------------------
cd "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=kaso-cluster-ca" -keyout ca.key -out ca.crt 2>/dev/null
client_cert() {   # name CN O
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$2${3:+/O=$3}" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out "$1.crt" \
    -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
}
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out apiserver.crt \
  -extfile <(printf 'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:%s,IP:%s,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' "$API_SERVICE_IP" "$BRIDGE_IP") 2>/dev/null
client_cert admin kaso-cluster-admin system:masters
client_cert controller-manager system:kube-controller-manager
client_cert scheduler system:kube-scheduler
client_cert kubelet "system:node:$NODE_NAME" system:nodes
openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
for who in admin controller-manager scheduler kubelet; do
  cat > "$who.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
  - name: kaso
    cluster: {server: "https://127.0.0.1:$API_PORT", certificate-authority: "$pki/ca.crt"}
users:
  - name: $who
    user: {client-certificate: "$pki/$who.crt", client-key: "$pki/$who.key"}
contexts:
  - name: kaso
    context: {cluster: kaso, user: $who}
current-context: kaso
KC
done
cd - >/dev/null

# --- network: the bridge, and the DNAT from the `kubernetes` Service address to the loopback API server ------
if [[ "$control_plane_only" != 1 ]]; then
  ip link add "$BRIDGE" type bridge 2>/dev/null || true
  ip addr replace "$BRIDGE_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  sysctl -qw "net.ipv4.conf.$BRIDGE.route_localnet=1"
  iptables -t nat -N KASO-CLUSTER 2>/dev/null || iptables -t nat -F KASO-CLUSTER
  iptables -t nat -C PREROUTING -i "$BRIDGE" -j KASO-CLUSTER 2>/dev/null \
    || iptables -t nat -A PREROUTING -i "$BRIDGE" -j KASO-CLUSTER
  iptables -t nat -A KASO-CLUSTER -d "$API_SERVICE_IP" -p tcp --dport 443 -j DNAT --to-destination "127.0.0.1:$API_PORT"

  mkdir -p "$run/cni"
  cat > "$run/cni/10-kaso.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "kaso",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_SUBNET", "gateway": "$BRIDGE_IP"}]],
              "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$run/cni/ipam"}},
    {"type": "loopback"}
  ]
}
CNI
fi

# --- control plane ----------------------------------------------------------------------------------------
t0=$(date +%s)
start etcd etcd --name kaso --data-dir "$run/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster kaso=http://127.0.0.1:2380
wait_for "etcd" 30 curl -sf http://127.0.0.1:2379/health || { tail -20 "$logs/etcd.log"; exit 1; }

start kube-apiserver "$K8S_BIN/kube-apiserver" \
  --etcd-servers=http://127.0.0.1:2379 \
  --bind-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 --advertise-address="$BRIDGE_IP" \
  --service-cluster-ip-range="$SERVICE_RANGE" \
  --client-ca-file="$pki/ca.crt" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --kubelet-client-certificate="$pki/admin.crt" --kubelet-client-key="$pki/admin.key" \
  --kubelet-preferred-address-types=Hostname \
  --allow-privileged=true --event-ttl=1h
wait_for "kube-apiserver /readyz" 90 kubectl get --raw /readyz || { tail -30 "$logs/kube-apiserver.log"; exit 1; }

start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
  --kubeconfig="$pki/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --port=0 --secure-port=10257 --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --controllers='*,-csrapproving,-bootstrapsigner,-tokencleaner' \
  --node-monitor-grace-period=20s --pod-eviction-timeout=10m
if [[ "$control_plane_only" == 1 ]]; then
  # Namespaces get their default ServiceAccount from the controller-manager; wait for it to be working.
  wait_for "ServiceAccount default/default" 60 kubectl -n default get serviceaccount default \
    || { tail -30 "$logs/kube-controller-manager.log"; exit 1; }
  log "control plane ready $(( $(date +%s) - t0 )) s after etcd started (KASO_CLUSTER_CONTROL_PLANE_ONLY=1)"
  exit 0
fi
start kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig="$pki/scheduler.kubeconfig" --bind-address=127.0.0.1 --port=0 --secure-port=10259 --leader-elect=false

# --- the node: containerd and the kubelet -----------------------------------------------------------------
mkdir -p "$run/containerd" "$(dirname "$CONTAINERD_SOCK")"
cat > "$run/containerd/config.toml" <<TOML
version = 2
root = "$run/containerd/root"
state = "/run/kaso-containerd/state"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$run/cni"
TOML
start containerd containerd --config "$run/containerd/config.toml"
wait_for "containerd" 30 ctr --address "$CONTAINERD_SOCK" version || { tail -30 "$logs/containerd.log"; exit 1; }

# Images: written by build-images.sh, used with imagePullPolicy: Never.
for archive in "$KASO_CLUSTER_CACHE"/images/*.tar; do
  ctr --address "$CONTAINERD_SOCK" -n k8s.io images import --no-unpack=false "$archive" >/dev/null \
    || die "ctr images import $archive"
done

# The kubelet puts every pod under its cgroupRoot, which must exist in each cgroup v1 hierarchy.
for c in /sys/fs/cgroup/*/; do
  [[ "$c" == */unified/ ]] || mkdir -p "$c/kaso-cluster"
done
mkdir -p "$run/kubelet"
cat > "$run/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
cgroupRoot: /kaso-cluster
failSwapOn: false
makeIPTablesUtilChains: false
featureGates: {DevicePlugins: false}
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
resolvConf: /etc/resolv.conf
clusterDomain: cluster.local
YAML
start kubelet "$K8S_BIN/kubelet" \
  --config="$run/kubelet/config.yaml" --kubeconfig="$pki/kubelet.kubeconfig" \
  --root-dir="$run/kubelet/root" --cert-dir="$run/kubelet/pki" \
  --container-runtime=remote --container-runtime-endpoint="unix://$CONTAINERD_SOCK" \
  --hostname-override="$NODE_NAME" --node-ip="$BRIDGE_IP" \
  --network-plugin=cni --cni-bin-dir=/usr/lib/cni --cni-conf-dir="$run/cni" \
  --pod-infra-container-image="$PAUSE_IMAGE" --v=1
wait_for "node $NODE_NAME Ready" 120 \
  bash -c "kubectl get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" \
  || { tail -40 "$logs/kubelet.log"; kubectl describe node "$NODE_NAME" || true; exit 1; }
# The not-ready taint is lifted by the controller-manager's nodelifecycle controller.
wait_for "node $NODE_NAME untainted" 60 \
  bash -c "! kubectl get node '$NODE_NAME' -o jsonpath='{.spec.taints}' | grep -q NoSchedule" \
  || { kubectl describe node "$NODE_NAME"; exit 1; }
# Pods get ServiceAccount tokens once the token controller made the default ServiceAccount's secret.
wait_for "ServiceAccount default/default" 60 kubectl -n default get serviceaccount default
log "node ready $(( $(date +%s) - t0 )) s after etcd started"
echo "NODE_READY_SECONDS=$(( $(date +%s) - t0 ))" > "$run/timings.node"
