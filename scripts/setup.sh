#!/usr/bin/env bash
# Installs the assistant into a virtual environment (idempotent: skips pip when pyproject.toml is unchanged).
# Usage: scripts/setup.sh [test]   -- 'test' also installs the test tools and Chromium.
# ASSISTANT_VENV chooses the environment (default .venv); CI uses a second one to prove that the
# product installs and runs without the test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${ASSISTANT_VENV:-.venv}
extra=${1:-}

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)${extra:+-$extra}"
if [ ! -f "$stamp" ]; then
  # torch first and pinned: an unpinned torch would pull a multi-GB CUDA build.
  echo "Installeren in $VENV (eenmalig, enkele minuten)…" >&2
  target="."
  [ "$extra" = "test" ] && target=".[test]"
  if ! { "$VENV/bin/pip" install -q "torch==2.13.0" && "$VENV/bin/pip" install -q -e "$target"; } > "$VENV/pip.log" 2>&1; then
    tail -n 40 "$VENV/pip.log" >&2
    echo "Fout: installeren mislukt (volledig logboek: $VENV/pip.log)" >&2
    exit 1
  fi
  touch "$stamp"
fi

if [ "$extra" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  # The browser test drives Debian's Chromium (no browser download at run time).
  if [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "waarschuwing: chromium kon niet worden geïnstalleerd; de browsertest wordt overgeslagen" >&2
  else
    echo "waarschuwing: geen /usr/bin/chromium (installeer met: sudo apt-get install chromium)" >&2
  fi
fi
