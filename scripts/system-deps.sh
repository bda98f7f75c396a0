#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests and a
# PostgreSQL server for the store tests.  Installed only where missing, and
# only when we may (root with apt-get); otherwise those tests skip with a reason.
set -uo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "note: missing ${need[*]} and not root; the tests that need them will be skipped" >&2
fi
