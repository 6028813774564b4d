#!/usr/bin/env bash
# Builds the real trivy (image scan gate) into .tools/bin, pinned to TRIVY_VERSION and kept per machine
# (scripts/go-tool.sh); a few minutes on a cold machine. Nothing here downloads trivy's vulnerability database: the
# gate runs offline (--offline-scan --skip-db-update); see the README for pointing it at a DB or a mirror.
# Needs Go >= 1.26 on PATH; GANTRY_SKIP_TRIVY=1 skips it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

TRIVY_VERSION=v0.74.0
# trivy uses encoding/json/v2, still behind GOEXPERIMENT=jsonv2 in Go 1.26 (its own Makefile sets it too).
build_go_tool trivy "$TRIVY_VERSION" github.com/aquasecurity/trivy/cmd/trivy \
  "-X github.com/aquasecurity/trivy/pkg/version/app.ver=${TRIVY_VERSION#v}" GOEXPERIMENT=jsonv2
