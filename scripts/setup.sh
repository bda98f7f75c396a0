#!/usr/bin/env bash
# Create .venv and install the project's Python requirements into it, from the
# hash-pinned lock files (scripts/lock.sh writes them from requirements*.txt):
#   scripts/setup.sh        run-time requirements (requirements.lock)
#   scripts/setup.sh dev    plus tests and benchmarks (requirements-dev.lock)
# Every package, transitive ones included, is checked against its hash, so two fresh
# machines install the same code. Re-running is cheap: pip is skipped while the lock
# files are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

req=requirements.lock
[ "${1:-}" = dev ] && req=requirements-dev.lock
python=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$req" .lock)"
digest=$(cat requirements*.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$req"
  echo "$digest" > "$stamp"
fi
