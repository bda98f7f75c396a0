#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages, .venv, a throwaway
# PostgreSQL server on loopback for the store tests, then pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -k timex).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/setup.sh dev

cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if url=$(scripts/pg-temp.sh start); then
    export TEST_DATABASE_URL="$url"
    cleanup+=("scripts/pg-temp.sh stop")
  else
    echo "note: no PostgreSQL server; PostgreSQL store tests will be skipped" >&2
  fi
fi
# Lint first: it takes a second and names the line.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
