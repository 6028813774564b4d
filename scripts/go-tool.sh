# Sourced by scripts/build-{trivy,oras}.sh: builds one pinned Go program from the Go module proxy into .tools/bin
# (its go.sum pins the dependencies; the checksum database verifies them), kept per machine under
# ~/.cache/gantry-tools so another clone with the same pin and Go version reuses the build.
#   build_go_tool NAME VERSION PACKAGE LDFLAGS [VAR=VALUE ...]   (extra variables go to `go install`)
# GANTRY_SKIP_<NAME>=1 skips the step (the tests that need the tool then fail loudly).

build_go_tool() {
  local name=$1 version=$2 package=$3 ldflags=$4
  shift 4
  local skip_var="GANTRY_SKIP_${name^^}"
  local root bin stamp_file stamp cache started
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  bin="$root/.tools/bin"
  stamp_file="$bin/$name.version"

  if [[ "${!skip_var:-}" == "1" ]]; then
    echo "[gantry] $name: skipped ($skip_var=1)"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "[gantry] $name: Go >= 1.26 is needed to build $name $version (https://go.dev/dl)" >&2
    return 1
  fi

  stamp="$(printf '%s\n%s\n' "$version" "$(go env GOVERSION)" | sha256sum | cut -c1-16)"
  cache="${GANTRY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gantry-tools}/$name-$stamp"
  if [[ -x "$bin/$name" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
    [[ -x "$cache/$name" ]] || { mkdir -p "$cache" && cp "$bin/$name" "$cache/"; } || true
    echo "[gantry] $name: up to date ($version)"
    return 0
  fi
  mkdir -p "$bin"
  if [[ -x "$cache/$name" ]]; then
    cp "$cache/$name" "$bin/"
    echo "$stamp" >"$stamp_file"
    echo "[gantry] $name: reused the build in $cache"
    return 0
  fi

  started=$SECONDS
  echo "[gantry] $name: building $version…"
  # Static, stripped, no VCS stamping; the version comes from the ldflags.
  env CGO_ENABLED=0 GOFLAGS=-mod=readonly GOBIN="$bin" "$@" go install -trimpath -buildvcs=false \
    -ldflags="-s -w $ldflags" "$package@$version"
  echo "$stamp" >"$stamp_file"
  mkdir -p "$cache" && cp "$bin/$name" "$cache/" || true
  echo "[gantry] $name: built in $((SECONDS - started))s"
}
