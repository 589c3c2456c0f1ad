#!/usr/bin/env bash
# The cluster tier: Kaso's shipped artifacts on a real Kubernetes 1.20 control plane and node on this machine.
#
#   1. build   kubernetes binaries from Debian's source (cached), base/pause images (cached), the Kaso image from
#              our Dockerfile (every run), helm (cached)
#   2. node    etcd, apiserver, controller-manager, scheduler, containerd, kubelet (node-up.sh)
#   3. aws     moto on the node's bridge address, seeded; EventBridge rule -> SQS queue
#   4. install helm install of helm/kaso with the values a user sets outside EKS; the operator pod becomes Ready
#   5. story   a tenant namespace, examples/ ExternalParameter + ExternalSecret, a Deployment reading both with
#              envFrom; a rotation in AWS delivered as an EventBridge event starts a new pod with the new value
#   6. kubectl get xp,xs / describe as README shows them; deleting a resource deletes its Secret
#   7. upgrade helm upgrade --reuse-values as README says; the workload is not restarted
#   8. uninstall helm uninstall keeps resources and Secrets; a resource deleted then (no finalizer: Owner+Delete)
#              goes at once and the garbage collector deletes its Secret; deleting the CRDs removes the API
# Timings are printed, never asserted. Exits non-zero on the first failed check, after printing diagnostics.
# Needs root (it runs a kubelet). Settings: see lib.sh (KASO_CLUSTER_CACHE, KASO_CLUSTER_RUN);
# KASO_CLUSTER_KEEP=1 leaves the cluster up afterwards (tear down with test/cluster/node-down.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"
[[ $EUID -eq 0 ]] || die "run as root (the kubelet and containerd need it)"
apt_install jq curl python3-venv

passed=0
step() { printf '\n==> %s\n' "$*" >&2; }
pass() { passed=$((passed + 1)); log "ok: $*"; }
fail() { log "FAILED: $*"; exit 1; }
# check DESCRIPTION COMMAND...: the command must succeed.
check() { local what="$1"; shift; if "$@" >/dev/null; then pass "$what"; else fail "$what"; fi; }
# eventually TIMEOUT DESCRIPTION COMMAND...: the command must succeed within TIMEOUT seconds.
eventually() { local t="$1" what="$2"; shift 2; if wait_for "$what" "$t" "$@"; then pass "$what"; else fail "$what"; fi; }
helm() { timeout 300 "$HELM" "$@"; }

diagnostics() {
  [[ -f "$KUBECONFIG_ADMIN" ]] || return 0
  step "diagnostics"
  kubectl get nodes -o wide 2>&1 || true
  kubectl get all,xp,xs,secrets -A -o wide 2>&1 | grep -v 'kubernetes.io/service-account-token' || true
  for ns in kaso-system shop; do
    kubectl -n "$ns" describe pods 2>&1 | tail -60 || true
    kubectl -n "$ns" get events --sort-by=.lastTimestamp 2>&1 | tail -30 || true
  done
  kubectl -n kaso-system logs deploy/kaso --tail=80 2>&1 || true
  kubectl -n shop logs deploy/shop-web --tail=20 2>&1 || true
  for f in "$KASO_CLUSTER_RUN"/logs/*.log; do
    echo "--- $(basename "$f") (last lines)"; grep -v '^I[0-9]' "$f" | tail -15
  done
}
finish() {
  local rc=$?
  trap - EXIT
  if (( rc != 0 )); then diagnostics; fi
  if [[ "${KASO_CLUSTER_KEEP:-}" == 1 ]]; then
    log "KASO_CLUSTER_KEEP=1: cluster left up; KUBECONFIG=$KUBECONFIG_ADMIN; stop it with $here/node-down.sh"
  else
    "$here/node-down.sh"
  fi
  if (( rc == 0 )); then
    printf '\ncluster tier timings: %s\n' "$timings"
    echo "cluster: $passed passed, 0 failed"
  else
    echo "cluster: $passed passed, 1 failed"
  fi
  exit "$rc"
}
timings=""
timing() { timings+="$1=${2}s "; log "timing: $1 ${2}s"; }

# --- 1. build ------------------------------------------------------------------------------------------------
step "1. build (cached in $KASO_CLUSTER_CACHE)"
t=$(date +%s); "$here/build-kubernetes.sh"; timing kubernetes-build $(( $(date +%s) - t )) # ~0 when cached
t=$(date +%s); "$here/build-images.sh"; timing images-build $(( $(date +%s) - t ))
"$here/install-helm.sh"
venv="$repo/operator/target/moto-venv"
"$repo/operator/src/test/moto/install-moto.sh" "$venv"

# --- 2. node ---------------------------------------------------------------------------------------------------
step "2. a control plane and a node"
"$here/node-down.sh"   # whatever a previous, interrupted run left
trap finish EXIT
trap 'exit 143' TERM INT   # so that finish runs (and stops the node) when the run is interrupted
t=$(date +%s); "$here/node-up.sh"; timing node-ready $(( $(date +%s) - t ))
check "node $NODE_NAME runs kubelet v1.20.2" \
  bash -c "[[ \$(kubectl get node $NODE_NAME -o jsonpath='{.status.nodeInfo.kubeletVersion}') == v1.20.2 ]]"

# --- 3. aws ----------------------------------------------------------------------------------------------------
step "3. the local AWS (moto) on $BRIDGE_IP:5000, reachable from pods"
export AWS_ENDPOINT_URL="http://$BRIDGE_IP:5000"
setsid "$venv/bin/moto_server" -H "$BRIDGE_IP" -p 5000 > "$KASO_CLUSTER_RUN/logs/moto.log" 2>&1 < /dev/null &
echo $! > "$KASO_CLUSTER_RUN/pids/moto"
wait_for "moto" 30 curl -sf "$AWS_ENDPOINT_URL/moto-api/" || fail "moto did not start"
queue_url="$("$venv/bin/python" "$here/aws.py" seed)"
pass "parameters, secret, queue $queue_url and EventBridge rule seeded"
digest() { "$venv/bin/python" "$here/aws.py" digest "$1"; }

# --- 4. install --------------------------------------------------------------------------------------------------
step "4. helm install, as a user outside EKS (README: Install outside EKS)"
kubectl create namespace kaso-system >/dev/null
# moto accepts any key; these are its documented dummy credentials.
kubectl -n kaso-system create secret generic kaso-aws \
  --from-literal=AWS_ACCESS_KEY_ID=testing --from-literal=AWS_SECRET_ACCESS_KEY=testing >/dev/null
t=$(date +%s)
helm install kaso "$repo/helm/kaso" --namespace kaso-system \
  --set aws.region=us-east-1 \
  --set aws.endpointUrl="$AWS_ENDPOINT_URL" \
  --set aws.credentials.secretName=kaso-aws \
  --set events.queueUrl="$queue_url" \
  --set image.repository="$KASO_IMAGE_REPO" --set image.tag="$KASO_IMAGE_TAG" --set image.pullPolicy=Never \
  > "$KASO_CLUSTER_RUN/helm-install.txt"
pass "helm install (CRDs included)"
eventually 180 "operator Deployment available" \
  bash -c "kubectl -n kaso-system rollout status deploy/kaso --timeout=5s"
timing install-to-ready $(( $(date +%s) - t ))
pod="$(kubectl -n kaso-system get pods -l app.kubernetes.io/instance=kaso -o jsonpath='{.items[0].metadata.name}')"
check "CRDs installed from the chart" kubectl get crd externalparameters.kaso.io externalsecrets.kaso.io
can_i() { [[ "$(kubectl auth can-i --as=system:serviceaccount:kaso-system:kaso "$@")" == yes ]]; }
operator_may() {
  can_i watch externalsecrets.kaso.io -A && can_i update secrets -n shop && can_i patch deployments.apps -n shop
}
operator_may_not() {
  ! can_i create pods -n shop && ! can_i delete namespaces && ! can_i create clusterrolebindings.rbac.authorization.k8s.io
}
check "the chart's RBAC lets the operator watch its resources and write Secrets and workloads" operator_may
check "  and not more: no pods, no namespaces, no RBAC" operator_may_not
check "the pod runs under the chart's ServiceAccount" \
  bash -c "[[ \$(kubectl -n kaso-system get pod $pod -o jsonpath='{.spec.serviceAccountName}') == kaso ]]"
check "the operator process runs as UID 65532, not root" \
  bash -c "kubectl -n kaso-system exec $pod -- cat /proc/1/status | grep -Eq '^Uid:\s+65532\s'"
check "its root filesystem is read-only" \
  bash -c "kubectl -n kaso-system exec $pod -- touch /app/x 2>&1 | grep -q 'Read-only file system'"
check "/tmp is writable (the chart's emptyDir)" kubectl -n kaso-system exec "$pod" -- touch /tmp/x
check "the pod has a startupProbe" \
  bash -c "kubectl -n kaso-system get pod $pod -o jsonpath='{.spec.containers[0].startupProbe.httpGet.path}' | grep -qx /healthz"
check "the NOTES tell to apply the example's namespace first" \
  grep -q "kubectl apply -f examples/namespace.yaml -f examples/external-parameter.yaml" "$KASO_CLUSTER_RUN/helm-install.txt"
logs="$KASO_CLUSTER_RUN/operator-start.log"
kubectl -n kaso-system logs "$pod" > "$logs"
check "every log line is JSON, the first one too (no 'Picked up JAVA_TOOL_OPTIONS')" \
  bash -c "[[ -s '$logs' ]] && jq -e . '$logs' >/dev/null && ! grep -q 'Picked up' '$logs'"
check "no WARN or ERROR at start" bash -c "! jq -r '.level' '$logs' | grep -Eq 'WARN|ERROR'"
eventually 30 "the operator made its data-hash key in its own namespace (its Role there)" \
  kubectl -n kaso-system get secret kaso-data-hash-key

# --- 5. the user's story -----------------------------------------------------------------------------------------
step "5. a tenant namespace, an ExternalParameter, an ExternalSecret and a Deployment reading both (envFrom)"
kubectl apply -f "$repo/examples/namespace.yaml" -f "$repo/examples/external-parameter.yaml" \
  -f "$repo/examples/external-secret-db.yaml" >/dev/null
sed "s#image: IMAGE#image: $BASE_JRE_IMAGE#" "$here/manifests/shop-web.yaml" | kubectl apply -f - >/dev/null
eventually 60 "ExternalParameter shop/shop-config Ready" kubectl -n shop wait --for=condition=Ready xp/shop-config --timeout=5s
eventually 60 "ExternalSecret shop/shop-db Ready" kubectl -n shop wait --for=condition=Ready xs/shop-db --timeout=5s
eventually 120 "Deployment shop/shop-web available" kubectl -n shop rollout status deploy/shop-web --timeout=5s
# The running shop-web pod of the Deployment's newest revision (empty while it is not running yet).
newest_pod() {
  local hash
  hash="$(kubectl -n shop get rs -l app=shop-web -o json | jq -r '.items
    | max_by(.metadata.annotations["deployment.kubernetes.io/revision"] | tonumber) | .metadata.labels["pod-template-hash"]')"
  kubectl -n shop get pods -l "app=shop-web,pod-template-hash=$hash" --field-selector=status.phase=Running \
    -o jsonpath='{.items[0].metadata.name}' 2>/dev/null
}
# sees KEY: what that pod printed for KEY ("sha256:<digest>" or "(unset)")
sees() {
  local p; p="$(newest_pod)"
  [[ -n "$p" ]] && kubectl -n shop logs "$p" 2>/dev/null | awk -v k="$1" '$1 == "sees" && $2 == k {print $3}'
}
pod_sees() { [[ "$(sees "$1")" == "sha256:$2" ]]; }
pod_has() { [[ "$(sees "$1")" == sha256:* ]]; }
eventually 30 "the pod sees DB_USER from Parameter Store" pod_sees DB_USER "$(digest DB_USER)"
check "the pod sees the SecureString DB_PASSWORD, decrypted" pod_sees DB_PASSWORD "$(digest DB_PASSWORD)"
check "the pod sees CHECKOUT_ENABLED, a JSON property" pod_sees CHECKOUT_ENABLED "$(digest CHECKOUT_ENABLED)"
check "the pod sees the templated DATABASE_URL" pod_has DATABASE_URL
check "the pod sees the Secrets Manager password" pod_sees SM_DB_PASSWORD "$(digest SM_PASSWORD_1)"
check "the pod sees the previous version (AWSPREVIOUS)" pod_sees SM_DB_PASSWORD_PREVIOUS "$(digest SM_PASSWORD_0)"

step "5b. a rotation in AWS, delivered as an EventBridge event through SQS"
old_pod="$(newest_pod)"
t_ms=$(( $(date +%s%N) / 1000000 ))
"$venv/bin/python" "$here/aws.py" rotate-secret
eventually 90 "a new shop-web pod sees the rotated password" pod_sees SM_DB_PASSWORD "$(digest SM_PASSWORD_2)"
ms=$(( $(date +%s%N) / 1000000 - t_ms )); timing event-to-new-pod "$((ms / 1000)).$(( ms % 1000 / 100 ))"
new_pod() { [[ "$(newest_pod)" != "$1" ]]; }
check "it is a new pod" new_pod "$old_pod"
check "and sees the now previous password as AWSPREVIOUS" pod_sees SM_DB_PASSWORD_PREVIOUS "$(digest SM_PASSWORD_1)"
check "the Deployment was restarted by Kaso (kaso.io/restartedAt)" \
  bash -c "kubectl -n shop get deploy shop-web -o jsonpath='{.spec.template.metadata.annotations}' | grep -q kaso.io/restartedAt"
second_pod="$(newest_pod)"
t_ms=$(( $(date +%s%N) / 1000000 ))
"$venv/bin/python" "$here/aws.py" rotate-parameter
eventually 90 "a Parameter Store Change event: a new pod sees the new SecureString" \
  pod_sees DB_PASSWORD "$(digest DB_PASSWORD_2)"
ms=$(( $(date +%s%N) / 1000000 - t_ms )); timing parameter-event-to-new-pod "$((ms / 1000)).$(( ms % 1000 / 100 ))"
check "  in another new pod" new_pod "$second_pod"
check "  which still sees the rotated Secrets Manager password" pod_sees SM_DB_PASSWORD "$(digest SM_PASSWORD_2)"

# --- 6. kubectl as README shows it -------------------------------------------------------------------------------
step "6. kubectl get xp,xs / describe, and deleting a resource"
kubectl get xp,xs -A | tee "$KASO_CLUSTER_RUN/get.txt" >&2
check "kubectl get xp,xs shows README's columns" \
  grep -Eq '^NAMESPACE +NAME +READY +REASON +KEYS +LAST SYNC +AGE' "$KASO_CLUSTER_RUN/get.txt"
check "  and shop-config Ready, Synced, 4 keys" \
  grep -Eq '^shop +externalparameter.kaso.io/shop-config +True +Synced +4 ' "$KASO_CLUSTER_RUN/get.txt"
check "  and shop-db Ready, Synced, 6 keys" \
  grep -Eq '^shop +externalsecret.kaso.io/shop-db +True +Synced +6 ' "$KASO_CLUSTER_RUN/get.txt"
kubectl -n shop describe xp shop-config > "$KASO_CLUSTER_RUN/describe.txt"
check "kubectl describe shows the Ready condition with its message, and the Synced and Updated events" \
  bash -c "grep -q 'Reason: *Synced' '$KASO_CLUSTER_RUN/describe.txt' && grep -q '4 keys from 1 path, 1 parameter' '$KASO_CLUSTER_RUN/describe.txt' && grep -Eq 'Normal +Synced' '$KASO_CLUSTER_RUN/describe.txt' && grep -Eq 'Normal +Updated' '$KASO_CLUSTER_RUN/describe.txt'"
check "the Secret is owned by its resource (ownerReference, for the garbage collector)" \
  bash -c "[[ \$(kubectl -n shop get secret shop-db -o jsonpath='{.metadata.ownerReferences[0].uid}') == \$(kubectl -n shop get xs shop-db -o jsonpath='{.metadata.uid}') ]]"
kubectl -n shop delete xs shop-db --timeout=60s >/dev/null
eventually 60 "deleting the ExternalSecret deletes its Secret" bash -c "! kubectl -n shop get secret shop-db"

# --- 7. helm upgrade ---------------------------------------------------------------------------------------------
step "7. helm upgrade, as README says (CRDs first, then --reuse-values)"
restarted_before="$(kubectl -n shop get deploy shop-web -o jsonpath='{.spec.template.metadata.annotations.kaso\.io/restartedAt}')"
hash_before="$(kubectl -n shop get secret shop-config -o jsonpath='{.metadata.annotations.kaso\.io/data-hash}')"
kubectl apply --server-side --force-conflicts -f "$repo/helm/kaso/crds/" > "$KASO_CLUSTER_RUN/crds-apply.txt" 2>&1
check "the CRDs apply as README says, without warnings" bash -c "! grep -qi warning '$KASO_CLUSTER_RUN/crds-apply.txt'"
helm upgrade kaso "$repo/helm/kaso" -n kaso-system --reuse-values --set log.level=DEBUG >/dev/null
pass "helm upgrade --reuse-values"
eventually 180 "the upgraded operator is rolled out and Ready" \
  bash -c "kubectl -n kaso-system rollout status deploy/kaso --timeout=5s"
check "it kept the values of the install (endpoint, credentials Secret) and took the new one" \
  bash -c "kubectl -n kaso-system get deploy kaso -o yaml | grep -q 'name: kaso-aws' && kubectl -n kaso-system get deploy kaso -o yaml | grep -A1 'name: KASO_LOG_LEVEL' | grep -q DEBUG"
kubectl -n shop annotate xp shop-config kaso.io/force-sync="$(date +%s)" --overwrite >/dev/null
eventually 60 "the new operator resyncs shop-config (forced), Ready" \
  bash -c "kubectl -n shop get xp shop-config -o jsonpath='{.status.conditions[0].status}' | grep -qx True"
sleep 3
check "same data: the Secret's data hash is unchanged" \
  bash -c "[[ \$(kubectl -n shop get secret shop-config -o jsonpath='{.metadata.annotations.kaso\.io/data-hash}') == '$hash_before' ]]"
check "and the workload was not restarted" \
  bash -c "[[ \$(kubectl -n shop get deploy shop-web -o jsonpath='{.spec.template.metadata.annotations.kaso\.io/restartedAt}') == '$restarted_before' ]]"

# --- 8. helm uninstall -------------------------------------------------------------------------------------------
step "8. helm uninstall, as README says"
helm uninstall kaso -n kaso-system >/dev/null
# A stopping pod is gone within its grace period (30 s) plus the kubelet's sandbox clean-up (up to a minute).
eventually 150 "the operator's pods are gone" \
  bash -c "[[ -z \$(kubectl -n kaso-system get pods -o name) ]]"
check "its ServiceAccount, ClusterRole and bindings are gone" \
  bash -c "! kubectl -n kaso-system get serviceaccount kaso 2>/dev/null && ! kubectl get clusterrole kaso 2>/dev/null && ! kubectl get clusterrolebinding kaso 2>/dev/null"
check "the CRDs stay (Helm keeps crds/)" kubectl get crd externalparameters.kaso.io
check "resources left keep their Secrets" kubectl -n shop get xp/shop-config secret/shop-config
check "  an Owner+Delete resource holds no finalizer (the Secret's ownerReference does the work)" \
  bash -c "[[ -z \$(kubectl -n shop get xp shop-config -o jsonpath='{.metadata.finalizers}') ]]"
kubectl -n shop delete xp shop-config --wait=false >/dev/null
eventually 60 "deleted with no operator running, it goes at once and the garbage collector deletes its Secret" \
  bash -c "! kubectl -n shop get xp shop-config 2>/dev/null && ! kubectl -n shop get secret shop-config 2>/dev/null"
kubectl delete -f "$repo/helm/kaso/crds/" --timeout=60s >/dev/null
check "kubectl delete -f helm/kaso/crds/ removes the API" \
  bash -c "! kubectl get crd externalparameters.kaso.io 2>/dev/null"

