#!/usr/bin/env bash
# Builds the control plane the Kubernetes executor tests run against (etcd, kube-apiserver, kube-scheduler) from
# the Go module proxy into .tools/bin, pinned by tools/kube/go.mod + go.sum. Skips the build when the binaries
# exist with a matching stamp (hash of go.mod, go.sum and the Go version), so reinstalling costs nothing.
# Needs Go >= 1.26 on PATH; GANTRY_SKIP_KUBE_TOOLS=1 skips the whole step (the kube tests then fail loudly).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
mod="$root/tools/kube"
stamp_file="$bin/kube-tools.version"

if [[ "${GANTRY_SKIP_KUBE_TOOLS:-}" == "1" ]]; then
  echo "[gantry] kube tools: skipped (GANTRY_SKIP_KUBE_TOOLS=1)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[gantry] kube tools: Go >= 1.26 is needed to build etcd/kube-apiserver/kube-scheduler (https://go.dev/dl)" >&2
  exit 1
fi

stamp="$(cat "$mod/go.mod" "$mod/go.sum" <(go env GOVERSION) | sha256sum | cut -c1-16)"
# Builds are also kept per machine, so another clone with the same pins reuses them instead of building again.
cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/kube-$stamp"
if [[ -x "$bin/etcd" && -x "$bin/kube-apiserver" && -x "$bin/kube-scheduler" && -f "$stamp_file" &&
  "$(cat "$stamp_file")" == "$stamp" ]]; then
  [[ -d "$cache" ]] || { mkdir -p "$cache" && cp "$bin/etcd" "$bin/kube-apiserver" "$bin/kube-scheduler" "$cache/"; } || true
  echo "[gantry] kube tools: up to date ($stamp)"
  exit 0
fi
if [[ -x "$cache/etcd" && -x "$cache/kube-apiserver" && -x "$cache/kube-scheduler" ]]; then
  mkdir -p "$bin"
  cp "$cache/etcd" "$cache/kube-apiserver" "$cache/kube-scheduler" "$bin/"
  echo "$stamp" >"$stamp_file"
  echo "[gantry] kube tools: reused the build in $cache"
  exit 0
fi

mkdir -p "$bin"
started=$SECONDS
echo "[gantry] kube tools: building etcd, kube-apiserver, kube-scheduler (a few minutes on a cold machine)…"
cd "$mod"
# Static, stripped, no VCS stamping: faster links and binaries that run on any Linux of this architecture.
flags=(-trimpath -buildvcs=false -ldflags='-s -w')
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
go build "${flags[@]}" -o "$bin/etcd" go.etcd.io/etcd/server/v3
go build "${flags[@]}" -o "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
go build "${flags[@]}" -o "$bin/kube-scheduler" k8s.io/kubernetes/cmd/kube-scheduler
echo "$stamp" >"$stamp_file"
mkdir -p "$cache" && cp "$bin/etcd" "$bin/kube-apiserver" "$bin/kube-scheduler" "$cache/" || true
echo "[gantry] kube tools: built in $((SECONDS - started))s"
