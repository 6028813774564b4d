#!/usr/bin/env bash
# Usage: start.sh <environment>. Runs from the image's working directory (project/ holds the checkout and binary).
set -euo pipefail
cd "$(dirname "$0")"
exec ./project/bin/hello-go "${1:-${GANTRY_ENV:-dev}}"
