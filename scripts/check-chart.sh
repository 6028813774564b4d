#!/usr/bin/env bash
# Checks the Helm chart: `helm lint` and `helm template` with the default values and with a production-like values
# file (charts/gantry/ci/production-values.yaml), and values that must FAIL at install time with a clear message
# (values.schema.json, and the chart's own cross-value checks).
#
# helm: $HELM, else `helm` on PATH, else .tools/bin/helm, else built from the Go module proxy into .tools/bin
# (pinned version; ~4-7 min on a cold 2-core machine, nothing once built). GANTRY_SKIP_HELM=1 skips the whole check.
#
# Optional: with KUBECONFIG set (e.g. the test harness's kube-apiserver), the rendered manifests also go through the
# API server's own validation with `kubectl apply --dry-run=server`. This creates the namespaces the manifests use
# when they are missing (a throwaway test server is assumed), and leaves out ServiceMonitor without its CRD.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chart="$root/charts/gantry"
bin="$root/.tools/bin"
helm_version="v3.16.4"
# Helm built with `go install` assumes Kubernetes 1.20 unless told; the chart needs >= 1.25.
kube_version="${GANTRY_CHART_KUBE_VERSION:-1.31.0}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [[ "${GANTRY_SKIP_HELM:-}" == "1" ]]; then
  echo "[gantry] chart: skipped (GANTRY_SKIP_HELM=1)"
  exit 0
fi

find_helm() {
  if [[ -n "${HELM:-}" ]]; then echo "$HELM"; return; fi
  if command -v helm >/dev/null 2>&1; then command -v helm; return; fi
  if [[ -x "$bin/helm" && "$(cat "$bin/helm.version" 2>/dev/null)" == "$helm_version" ]]; then echo "$bin/helm"; return; fi
  # Built before by another clone on this machine: reuse it.
  local cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/helm-$helm_version"
  if [[ -x "$cache/helm" ]]; then
    mkdir -p "$bin" && cp "$cache/helm" "$bin/helm" && echo "$helm_version" >"$bin/helm.version"
    echo "$bin/helm"
    return
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "[gantry] chart: no helm and no Go to build it; install helm or set HELM" >&2
    exit 1
  fi
  local started=$SECONDS
  echo "[gantry] chart: building helm $helm_version from the Go module proxy (a few minutes on a cold machine)…" >&2
  mkdir -p "$bin"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -buildvcs=false \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version" \
    "helm.sh/helm/v3/cmd/helm@$helm_version" >&2
  echo "$helm_version" >"$bin/helm.version"
  mkdir -p "$cache" && cp "$bin/helm" "$cache/helm" || true
  echo "[gantry] chart: helm built in $((SECONDS - started))s" >&2
  echo "$bin/helm"
}

helm="$(find_helm)"
# The set-up step only makes sure helm is there.
if [[ "${1:-}" == "--build-only" ]]; then
  echo "[gantry] chart: helm ready ($helm)"
  exit 0
fi
passed=0
failed=0
ok() { echo "  ok   $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL $1" >&2; failed=$((failed + 1)); }

# Renders and lints with one values file (or none); keeps the manifests for the dry-run below.
render() {
  local name="$1"; shift
  if "$helm" lint --strict --kube-version "$kube_version" "$chart" "$@" >"$out/$name.lint" 2>&1; then
    ok "helm lint ($name)"
  else
    bad "helm lint ($name)"; cat "$out/$name.lint" >&2
  fi
  if "$helm" template gantry "$chart" --namespace gantry-check --kube-version "$kube_version" "$@" \
    >"$out/$name.yaml" 2>"$out/$name.err"; then
    ok "helm template ($name): $(grep -c '^kind:' "$out/$name.yaml") objects"
  else
    bad "helm template ($name)"; cat "$out/$name.err" >&2
  fi
}

# Values that must be refused, with the words the message must contain.
refuse() {
  local why="$1" expect="$2"; shift 2
  if "$helm" template gantry "$chart" --kube-version "$kube_version" "$@" >"$out/refused" 2>&1; then
    bad "refused: $why (it rendered)"
  elif grep -qF -- "$expect" "$out/refused"; then
    ok "refused: $why"
  else
    bad "refused: $why (message lacks \"$expect\")"; cat "$out/refused" >&2
  fi
}

echo "[gantry] chart: $("$helm" version --short) on $chart"
render default
render production -f "$chart/ci/production-values.yaml"

refuse 'a typo in a key' 'Additional property replica is not allowed' --set worker.deploy.replica=3
refuse 'grace period below the worker shutdown' 'Must be greater than or equal to 25' \
  --set worker.build.terminationGracePeriodSeconds=10
refuse 'a wrong pull policy' 'image.pullPolicy must be one of the following' --set image.pullPolicy=Sometimes
refuse 'a Temporal address without a port' "temporal.address: Does not match pattern" --set temporal.address=temporal
refuse 'a Secret name that is not a DNS name' 'secrets.gitlab.existingSecret: Does not match pattern' \
  --set secrets.gitlab.existingSecret=Bad_Name
refuse 'replicas as a string' 'server.replicas: Invalid type' --set-string server.replicas=two
refuse 'the build queue equal to the workflow queue' 'must differ from temporal.taskQueue' \
  --set worker.build.taskQueue=gantry
refuse 'an autoscaler without a metric' 'autoscaling has no metric' \
  --set worker.build.autoscaling.targetCPUUtilizationPercentage=null
refuse 'Argo CD token without its URL' 'give secrets.argocd.url too' --set secrets.argocd.existingSecret=argocd
refuse 'mTLS without its Secret' 'temporal.tls.enabled needs temporal.tls.existingSecret' --set temporal.tls.enabled=true
refuse 'the loopback auth mode on a shared server' 'auth.mode must be one of the following' \
  --set auth.mode=embedded-loopback
refuse 'an OIDC issuer without its audience' 'give auth.oidc.audience too' \
  --set auth.oidc.issuer=https://sso.example.com
refuse 'an HS256 token algorithm' 'auth.oidc.algorithms.0 must be one of the following' \
  --set 'auth.oidc.algorithms={HS256}'

# Invariants of the rendered default install.
grep -q 'grafana_dashboard: "1"' "$out/default.yaml" && ok 'dashboard ConfigMap labelled grafana_dashboard: "1"' ||
  bad 'dashboard ConfigMap label'
grep -q 'gantry_release_stage_duration_seconds_bucket' "$out/default.yaml" && ok 'dashboard JSON shipped' ||
  bad 'dashboard JSON missing from the ConfigMap'
grep -q 'name: GANTRY_AUTH_MODE, value: "oidc"' "$out/default.yaml" && ok 'server in the shared (oidc) auth mode' ||
  bad 'server not in the oidc auth mode'
grep -q 'kind: NetworkPolicy' "$out/default.yaml" && ok 'metrics ports closed outside the namespace (NetworkPolicy)' ||
  bad 'no NetworkPolicy for the metrics ports'
grep -q 'mountPath: /etc/gantry/auth, readOnly: true' "$out/production.yaml" &&
  grep -q 'GANTRY_AUTH_TOKEN_STORE, value: "/etc/gantry/auth/tokens.json"' "$out/production.yaml" &&
  ok 'token store Secret mounted read-only' || bad 'token store Secret not mounted read-only'

if [[ -n "${KUBECONFIG:-}" ]] && command -v kubectl >/dev/null 2>&1; then
  echo "[gantry] chart: server-side dry-run against $(kubectl config current-context 2>/dev/null || echo "$KUBECONFIG")"
  for name in default production; do
    manifests="$out/$name.yaml"
    if ! kubectl get crd servicemonitors.monitoring.coreos.com >/dev/null 2>&1; then
      # No Prometheus Operator on this server: leave out the documents it would not know.
      awk 'BEGIN{RS="\n---\n"; ORS="\n---\n"} !/kind: ServiceMonitor/' "$manifests" >"$out/$name.apply.yaml"
      manifests="$out/$name.apply.yaml"
    fi
    for ns in $(grep -E '^\s+namespace: ' "$manifests" | awk '{print $2}' | sort -u); do
      kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns" >/dev/null
    done
    if kubectl apply --dry-run=server -f "$manifests" >"$out/$name.dry" 2>&1; then
      ok "kubectl apply --dry-run=server ($name)"
    else
      bad "kubectl apply --dry-run=server ($name)"; cat "$out/$name.dry" >&2
    fi
  done
else
  echo "[gantry] chart: no KUBECONFIG: manifests not checked by an API server (set KUBECONFIG to do so)"
fi

echo "chart: ${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
