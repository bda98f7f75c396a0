#!/usr/bin/env bash
# Set up .venv and start the dashboard on its embedded default data.
# Extra arguments go to `streamlit run` (e.g. scripts/run.sh --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Local and single-user: error details on the page (config.toml hides them when hosted).
exec .venv/bin/python -m streamlit run dashboard.py --client.showErrorDetails=full "$@"
