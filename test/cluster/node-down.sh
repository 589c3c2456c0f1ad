#!/usr/bin/env bash
# Stops what node-up.sh started (by the pids it recorded, never by name), removes pod containers and mounts,
# the bridge and our iptables chain, and the run directory. Safe to run when nothing is up.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
run="$KASO_CLUSTER_RUN"

stop_pid() {   # name: TERM, then KILL after 10 s, of the process group node-up.sh started
  local f="$run/pids/$1"; [[ -f "$f" ]] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

stop_pid kubelet
# Pod sandboxes and containers: runc processes live outside our process groups (containerd-shim).
if [[ -S "$CONTAINERD_SOCK" ]]; then
  for id in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks list -q 2>/dev/null); do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks kill -s KILL "$id" >/dev/null 2>&1 || true
  done
  sleep 1
  for id in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks list -q 2>/dev/null); do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks delete -f "$id" >/dev/null 2>&1 || true
  done
fi
stop_pid containerd
# containerd-shim processes of our containerd (their command line names our state directory's namespace socket).
for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $CONTAINERD_SOCK" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
for name in kube-scheduler kube-controller-manager kube-apiserver etcd moto; do stop_pid "$name"; done

# Mounts under our directories (pod volumes, sandboxes' shm, overlay snapshots), deepest first.
for dir in "$run" /run/kaso-containerd; do
  grep -F " $dir" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
done
# Pods' network namespaces (containerd names them cni-<id>) that have an address of our pod subnet, and the veths
# left on our bridge; then the bridge and our iptables chain.
for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}'); do
  if ip netns exec "$ns" ip -4 -o addr show 2>/dev/null | grep -q " ${POD_SUBNET%.*}\."; then
    ip netns delete "$ns" 2>/dev/null || true
  fi
done
for veth in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
  ip link del "$veth" 2>/dev/null || true
done
ip link del "$BRIDGE" 2>/dev/null || true
if command -v iptables >/dev/null; then
  iptables -t nat -D PREROUTING -i "$BRIDGE" -j KASO-CLUSTER 2>/dev/null || true
  iptables -t nat -F KASO-CLUSTER 2>/dev/null || true
  iptables -t nat -X KASO-CLUSTER 2>/dev/null || true
fi
# cgroups the kubelet made under its own cgroupRoot
for c in /sys/fs/cgroup/*/kaso-cluster; do
  [[ -d "$c" ]] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null
done
rm -rf "$run" /run/kaso-containerd
exit 0
