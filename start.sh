#!/usr/bin/env bash
# Installs (first time) and starts the web chat on http://127.0.0.1:7860.
# The corpus is indexed on the first start. Extra arguments go to 'assistant serve';
# './start.sh --help' installs and prints that help without starting anything.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
VENV=${ASSISTANT_VENV:-.venv}
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1
exec "$VENV/bin/assistant" serve "$@"
