#!/usr/bin/env bash
# Builds the real oras CLI (the OCI client that pushes and pulls package artifacts) into .tools/bin, pinned to
# ORAS_VERSION and kept per machine (scripts/go-tool.sh). Needs Go >= 1.26 on PATH; GANTRY_SKIP_ORAS=1 skips it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

ORAS_VERSION=v1.3.6
build_go_tool oras "$ORAS_VERSION" oras.land/oras/cmd/oras \
  "-X oras.land/oras/internal/version.Version=${ORAS_VERSION#v} -X oras.land/oras/internal/version.BuildMetadata="
