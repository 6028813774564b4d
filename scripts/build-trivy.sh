#!/usr/bin/env bash
# Builds the real trivy (image scan gate) from the Go module proxy into .tools/bin, pinned to TRIVY_VERSION (the
# module's own go.sum pins its dependencies; the checksum database verifies them). Kept per machine like the kube
# tools: another clone with the same pin reuses the build. Nothing here downloads trivy's vulnerability database:
# the gate runs offline (--offline-scan --skip-db-update); see the README for pointing it at a DB or a mirror.
# Needs Go >= 1.26 on PATH; GANTRY_SKIP_TRIVY=1 skips the step (the scan tests then fail loudly).
set -euo pipefail

TRIVY_VERSION=v0.74.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
stamp_file="$bin/trivy.version"

if [[ "${GANTRY_SKIP_TRIVY:-}" == "1" ]]; then
  echo "[gantry] trivy: skipped (GANTRY_SKIP_TRIVY=1)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[gantry] trivy: Go >= 1.26 is needed to build trivy $TRIVY_VERSION (https://go.dev/dl)" >&2
  exit 1
fi

stamp="$(printf '%s\n%s\n' "$TRIVY_VERSION" "$(go env GOVERSION)" | sha256sum | cut -c1-16)"
cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/trivy-$stamp"
if [[ -x "$bin/trivy" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  [[ -x "$cache/trivy" ]] || { mkdir -p "$cache" && cp "$bin/trivy" "$cache/"; } || true
  echo "[gantry] trivy: up to date ($TRIVY_VERSION)"
  exit 0
fi
mkdir -p "$bin"
if [[ -x "$cache/trivy" ]]; then
  cp "$cache/trivy" "$bin/"
  echo "$stamp" >"$stamp_file"
  echo "[gantry] trivy: reused the build in $cache"
  exit 0
fi

started=$SECONDS
echo "[gantry] trivy: building $TRIVY_VERSION (a few minutes on a cold machine)…"
# trivy uses encoding/json/v2, still behind GOEXPERIMENT=jsonv2 in Go 1.26 (its own Makefile sets it too).
# Static, stripped, no VCS stamping; the version string is what `trivy --version` reports.
CGO_ENABLED=0 GOEXPERIMENT=jsonv2 GOFLAGS=-mod=readonly GOBIN="$bin" go install -trimpath -buildvcs=false \
  -ldflags="-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=${TRIVY_VERSION#v}" \
  "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION"
echo "$stamp" >"$stamp_file"
mkdir -p "$cache" && cp "$bin/trivy" "$cache/" || true
echo "[gantry] trivy: built in $((SECONDS - started))s"
