#!/usr/bin/env bash
# Installs the Debian packages the image-build and gray-analysis tests need, only those that are missing:
#   buildah          daemonless image builds (vfs storage, chroot isolation)
#   docker-registry  a real registry the tests push to, on loopback
#   busybox-static   a static busybox: the base image is built FROM scratch, nothing is pulled
#   apache2-utils    htpasswd, for the registry's bcrypt credentials
#   prometheus       the metrics server gray steps are judged by (embedded mode and tests start their own)
#   chromium         the release board's browser tests and bench drive it (playwright-core never downloads one)
#   php8.2-cli, phpunit (9.6), php-pcov, php-xml, php-mbstring   the hello-php example: runtime (php -S),
#                    tests with JUnit XML, and line coverage (pcov) as clover XML
# Usage: scripts/install-system-packages.sh [--check]   (--check: report what is missing, install nothing)
set -euo pipefail

# package:command that proves it is installed (dpkg alone misses binaries installed some other way).
wanted=(
  'buildah:buildah'
  'docker-registry:docker-registry'
  'busybox-static:'
  'apache2-utils:htpasswd'
  'php8.2-cli:php8.2'
  'phpunit:phpunit'
  'php-pcov:'
  'php-xml:'
  'php-mbstring:'
  'chromium:chromium'
  'prometheus:prometheus'
)

missing=()
for entry in "${wanted[@]}"; do
  pkg=${entry%%:*}
  cmd=${entry#*:}
  if [[ -n $cmd ]] && command -v "$cmd" >/dev/null 2>&1; then continue; fi
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then continue; fi
  missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo 'install-system-packages: buildah, docker-registry, busybox-static, apache2-utils, PHP 8.2 (phpunit, pcov), chromium and prometheus are present'
  exit 0
fi
if [[ ${1:-} == --check ]]; then
  echo "install-system-packages: missing: ${missing[*]}" >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-system-packages: missing ${missing[*]}; installing them needs root." >&2
  echo "  Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-packages: missing ${missing[*]} and this is not a Debian/Ubuntu system (no apt-get)." >&2
  exit 1
fi

echo "install-system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Waits for another apt/dpkg run to release its lock instead of failing at once.
apt_opts=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_opts[@]}" update -qq
# --no-install-recommends: buildah recommends a container runtime stack the builds here never use.
apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts the registry (:5000) and Prometheus (:9090) as services with their packaged configs; Gantry and
# the tests run their own on loopback.
for service in docker-registry prometheus; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" || true
  fi
done
