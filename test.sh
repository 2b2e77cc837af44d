#!/usr/bin/env bash
# Installs (first time) and runs the quality gate (evaluation with thresholds) and the tests.
# 'FAST=1 ./test.sh' skips the slow tests and the evaluation.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh test
export ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
mkdir -p artifacts
if [ -z "${FAST:-}" ]; then
  # The whole QA set through the real default pipeline (packaged e5 model, extractive answers);
  # fails when quality drops below eval/thresholds.json.
  # --cv 5: what is fitted (the answerability model; with ASSISTANT_ANSWERER=units also the unit
  # weights) is fit on the other four folds for each fold, so the gate never sees in-sample numbers.
  ASSISTANT_DATA_DIR=artifacts/eval-data .venv/bin/assistant eval --qa eval/qa.jsonl --train eval/train.jsonl \
    --out artifacts/eval --cv 5 --check eval/thresholds.json --baselines
  # The debate briefs of eval/debate.jsonl through the same index; fails below eval/debate_thresholds.json.
  ASSISTANT_DATA_DIR=artifacts/eval-data .venv/bin/assistant eval --debate --qa eval/debate.jsonl \
    --out artifacts/eval-debate --check eval/debate_thresholds.json
  .venv/bin/pytest -q
else
  .venv/bin/pytest -q -m "not slow"
fi
