#!/usr/bin/env bash
# Usage: start.sh <environment>. Runs from the image's working directory (project/ holds router.php and src/).
set -euo pipefail
cd "$(dirname "$0")"
export GANTRY_ENV="${1:-${GANTRY_ENV:-dev}}"
# PHP's built-in server with a router script: every request goes through project/router.php.
exec php -S "0.0.0.0:${PORT:-8080}" project/router.php
