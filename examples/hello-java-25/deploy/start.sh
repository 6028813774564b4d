#!/usr/bin/env bash
# Usage: start.sh <environment>. Runs from the image's working directory (project/ holds hello-java-25.jar).
set -euo pipefail
cd "$(dirname "$0")"
exec java ${JAVA_OPTS:-} -jar project/hello-java-25.jar "${1:-${GANTRY_ENV:-dev}}"
