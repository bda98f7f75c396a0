"""core.access: the editor password (hashed, constant-time), access modes, the editor's identity."""

import hmac

import pytest

from core import access
from core.access import OIDC, OPEN, PASSWORD, AccessConfigError


def test_a_hash_verifies_its_password_and_no_other():
    stored = access.hash_password("correct horse battery staple")
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert access.verify_password("correct horse battery staple", stored)
    assert not access.verify_password("correct horse battery stapl", stored)
    assert not access.verify_password("", stored)


def test_each_hash_has_its_own_salt():
    assert access.hash_password("same") != access.hash_password("same")
    fixed = bytes(16)
    assert access.hash_password("same", salt=fixed) == access.hash_password("same", salt=fixed)


def test_the_keys_are_compared_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", spy)
    assert not access.verify_password("wrong", access.hash_password("right"))
    assert len(calls) == 1


@pytest.mark.parametrize("stored", ["", "plain-text-password", "md5$1$2$3$00$00", "scrypt$x$8$1$00$00"])
def test_a_malformed_hash_is_a_clear_error(stored):
    with pytest.raises(AccessConfigError, match="editor_password_hash"):
        access.verify_password("anything", stored)


def test_an_empty_password_cannot_be_hashed():
    with pytest.raises(AccessConfigError):
        access.hash_password("")


def test_access_mode_from_the_operators_secrets():
    assert access.access_mode({}) == OPEN  # local make run: one user, open
    assert access.access_mode({"editor_password_hash": "scrypt$..."}) == PASSWORD
    assert access.access_mode({"auth": {"client_id": "x"}, "editor_password_hash": "scrypt$..."}) == OIDC


def test_a_visitor_is_read_only_and_an_editor_is_named_by_the_sign_in():
    assert access.editor_identity(OPEN) == "local"
    assert access.editor_identity(PASSWORD) is None
    assert access.editor_identity(PASSWORD, password_ok=True) == access.PASSWORD_EDITOR
    assert access.editor_identity(OIDC, user={"is_logged_in": False, "email": "x@example.org"}) is None
    assert access.editor_identity(OIDC, user=None) is None
    assert (
        access.editor_identity(OIDC, user={"is_logged_in": True, "email": "ed@example.org"})
        == "ed@example.org"
    )
    assert access.editor_identity(OIDC, user={"is_logged_in": True, "sub": "42"}) == "42"
    with pytest.raises(AccessConfigError):
        access.editor_identity("everyone")


def test_the_hash_command_prints_a_secrets_line(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "s3cret")
    assert access.main() == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('editor_password_hash = "scrypt$')
    assert access.verify_password("s3cret", line.split('"')[1])
