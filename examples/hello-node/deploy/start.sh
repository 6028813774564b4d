#!/usr/bin/env bash
# Usage: start.sh <environment>. Runs from the image's working directory (project/ holds dist/).
set -euo pipefail
cd "$(dirname "$0")"
exec node project/server.js "${1:-${GANTRY_ENV:-dev}}"
