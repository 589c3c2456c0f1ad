#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kubectl 1.20.2
# from Debian bookworm's `kubernetes` source package with Debian's Go, once per machine.
#
# Output: $KASO_CLUSTER_CACHE/kubernetes-<debian version>/bin/{kube-apiserver,...}
# A later run finds the binaries there and does nothing (~15 min on a fresh machine otherwise).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

version="$K8S_DEB_VERSION"
out="$K8S_BIN"
# The binaries are rebuilt when our patches change.
patches_id="$(cat "$here"/patches/*.patch | sha256sum | cut -c1-16)"
if [[ -x "$out/kubectl" && -x "$out/kubelet" && -x "$out/kube-apiserver" \
      && -x "$out/kube-controller-manager" && -x "$out/kube-scheduler" \
      && "$(cat "$out/.patches" 2>/dev/null)" == "$patches_id" ]]; then
  log "kubernetes $version binaries cached in $out"
  exit 0
fi

# apt-get source needs a deb-src entry; Debian cloud images ship only `deb` ones.
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding a deb-src entry for bookworm"
  cat > /etc/apt/sources.list.d/kaso-deb-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi
# rsync: the Kubernetes build copies its generated tools with it (not on every fresh machine)
apt_install golang-go dpkg-dev patch rsync golang-github-modern-go-reflect2-dev

src_root="$KASO_CLUSTER_CACHE/src"
mkdir -p "$src_root"
cd "$src_root"
tree="$(ls -d kubernetes-*/ 2>/dev/null | head -1 || true)"
if [[ -z "$tree" ]]; then
  log "fetching Debian source package kubernetes=$version"
  apt-get source -qq "kubernetes=$version"
  tree="$(ls -d kubernetes-*/ | head -1)"
fi
cd "$src_root/$tree"

# The vendored reflect2 1.0.1 breaks on Go >= 1.18: the apiserver dies with SIGSEGV in
# mapiterinit on the first custom resource. Debian's 1.0.2 is the fixed one.
if ! grep -q 'mapiterinit' vendor/github.com/modern-go/reflect2/go_above_118.go 2>/dev/null; then
  log "replacing vendored github.com/modern-go/reflect2 with Debian's 1.0.2"
  rm -rf vendor/github.com/modern-go/reflect2
  cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
fi

# Debian's Go (1.19), not whatever else is first on PATH.
export PATH="/usr/lib/go-1.19/bin:$PATH" GOTOOLCHAIN=local
# Our patches (test/cluster/patches/), each applied once.
for p in "$here"/patches/*.patch; do
  if patch -p1 --forward --dry-run -s < "$p" >/dev/null 2>&1; then
    log "applying $(basename "$p")"
    patch -p1 --forward -s < "$p"
  fi
done

log "building kubernetes $version (GOPATH mode, Debian's $(go version | awk '{print $3}'))"
start=$(date +%s)
export GO111MODULE=off GOFLAGS="" KUBE_GIT_VERSION="v1.20.2" KUBE_GIT_TREE_STATE=clean
export GOCACHE="$KASO_CLUSTER_CACHE/go-build"   # ours, beside the binaries
# A failed build can leave empty tool binaries in _output that the next make would run: start it clean then.
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kubectl" \
  || { rm -rf _output; die "the Kubernetes build failed (its _output is removed, so a rerun starts clean)"; }
mkdir -p "$out.tmp"
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl; do
  cp "_output/bin/$b" "$out.tmp/$b"
done
echo "$patches_id" > "$out.tmp/.patches"
rm -rf "$out" && mv "$out.tmp" "$out"
log "built kubernetes in $(( $(date +%s) - start )) s -> $out"
