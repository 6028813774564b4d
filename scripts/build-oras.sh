#!/usr/bin/env bash
# Builds the real oras CLI (the OCI client that pushes and pulls package artifacts) from the Go module proxy into
# .tools/bin, pinned to ORAS_VERSION (the module's go.sum pins its dependencies; the checksum database verifies
# them). Kept per machine like trivy and the kube tools: another clone with the same pin reuses the build.
# Needs Go >= 1.26 on PATH; GANTRY_SKIP_ORAS=1 skips the step (the package-artifact registry tests then fail loudly).
set -euo pipefail

ORAS_VERSION=v1.3.6
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
stamp_file="$bin/oras.version"

if [[ "${GANTRY_SKIP_ORAS:-}" == "1" ]]; then
  echo "[gantry] oras: skipped (GANTRY_SKIP_ORAS=1)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[gantry] oras: Go >= 1.26 is needed to build oras $ORAS_VERSION (https://go.dev/dl)" >&2
  exit 1
fi

stamp="$(printf '%s\n%s\n' "$ORAS_VERSION" "$(go env GOVERSION)" | sha256sum | cut -c1-16)"
cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/oras-$stamp"
if [[ -x "$bin/oras" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  [[ -x "$cache/oras" ]] || { mkdir -p "$cache" && cp "$bin/oras" "$cache/"; } || true
  echo "[gantry] oras: up to date ($ORAS_VERSION)"
  exit 0
fi
mkdir -p "$bin"
if [[ -x "$cache/oras" ]]; then
  cp "$cache/oras" "$bin/"
  echo "$stamp" >"$stamp_file"
  echo "[gantry] oras: reused the build in $cache"
  exit 0
fi

started=$SECONDS
echo "[gantry] oras: building $ORAS_VERSION…"
# Static, stripped, no VCS stamping; the version string is what `oras version` reports.
CGO_ENABLED=0 GOFLAGS=-mod=readonly GOBIN="$bin" go install -trimpath -buildvcs=false \
  -ldflags="-s -w -X oras.land/oras/internal/version.Version=${ORAS_VERSION#v} -X oras.land/oras/internal/version.BuildMetadata=" \
  "oras.land/oras/cmd/oras@$ORAS_VERSION"
echo "$stamp" >"$stamp_file"
mkdir -p "$cache" && cp "$bin/oras" "$cache/" || true
echo "[gantry] oras: built in $((SECONDS - started))s"
