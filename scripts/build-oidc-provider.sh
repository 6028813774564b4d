#!/usr/bin/env bash
# Builds the real OpenID Connect provider the authentication tests run against (Ory Hydra, with SQLite so it can
# keep everything in memory) from the Go module proxy into .tools/bin, pinned by tools/oidc/go.mod + go.sum.
# Skips the build when the binary exists with a matching stamp (hash of go.mod, go.sum and the Go version), and
# keeps one build per machine so another clone with the same pins reuses it. Needs Go >= 1.26 and a C compiler
# (SQLite is cgo). GANTRY_SKIP_OIDC_PROVIDER=1 skips the step (the auth tests then fail loudly).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
mod="$root/tools/oidc"
stamp_file="$bin/hydra.version"

if [[ "${GANTRY_SKIP_OIDC_PROVIDER:-}" == "1" ]]; then
  echo "[gantry] oidc provider: skipped (GANTRY_SKIP_OIDC_PROVIDER=1)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[gantry] oidc provider: Go >= 1.26 is needed to build Ory Hydra for the auth tests (https://go.dev/dl)" >&2
  exit 1
fi

stamp="$(cat "$mod/go.mod" "$mod/go.sum" <(go env GOVERSION) | sha256sum | cut -c1-16)"
cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/hydra-$stamp"
if [[ -x "$bin/hydra" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  [[ -x "$cache/hydra" ]] || { mkdir -p "$cache" && cp "$bin/hydra" "$cache/"; } || true
  echo "[gantry] oidc provider: up to date ($stamp)"
  exit 0
fi
if [[ -x "$cache/hydra" ]]; then
  mkdir -p "$bin"
  cp "$cache/hydra" "$bin/"
  echo "$stamp" >"$stamp_file"
  echo "[gantry] oidc provider: reused the build in $cache"
  exit 0
fi

mkdir -p "$bin"
started=$SECONDS
echo "[gantry] oidc provider: building Ory Hydra (a few minutes on a cold machine)…"
cd "$mod"
# The sqlite tags are how Hydra's own release builds enable DSN=memory; stripped, no VCS stamping.
export CGO_ENABLED=1 GOFLAGS=-mod=readonly
go build -trimpath -buildvcs=false -ldflags='-s -w' -tags sqlite,sqlite_omit_load_extension \
  -o "$bin/hydra" github.com/ory/hydra/v2
echo "$stamp" >"$stamp_file"
mkdir -p "$cache" && cp "$bin/hydra" "$cache/" || true
echo "[gantry] oidc provider: built in $((SECONDS - started))s"
