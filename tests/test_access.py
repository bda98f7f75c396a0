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
    editors = {"editor_emails": ["ed@example.org"]}
    assert (
        access.editor_identity(
            OIDC, user={"is_logged_in": True, "email": "ed@example.org"}, secret_settings=editors
        )
        == "ed@example.org"
    )
    with pytest.raises(AccessConfigError):
        access.editor_identity("everyone")


def test_the_hash_command_prints_a_secrets_line(monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "s3cret")
    assert access.main() == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('editor_password_hash = "scrypt$')
    assert access.verify_password("s3cret", line.split('"')[1])


# --- Issue 37, findings 5 and 8: OIDC editors are listed; password attempts are limited ---


def signed_in(email, **claims):
    return {"is_logged_in": True, "email": email, **claims}


def test_with_oidc_only_listed_accounts_edit():
    """Finding 5: any account at the provider was an editor (a stranger's Gmail had all 7
    edit controls)."""
    listed = {
        "auth": {"client_id": "x"},
        "editor_emails": ["Ana@Example.org"],
        "editor_domains": ["team.org"],
    }
    assert access.editor_identity(OIDC, user=signed_in("ana@example.org"), secret_settings=listed) == (
        "ana@example.org"
    )
    assert (
        access.editor_identity(OIDC, user=signed_in("bo@team.org"), secret_settings=listed) == "bo@team.org"
    )
    for stranger in ("stranger@gmail.com", "bo@evil-team.org", "bo@team.org.evil.com", "team.org"):
        assert access.editor_identity(OIDC, user=signed_in(stranger), secret_settings=listed) is None
    unverified = signed_in("ana@example.org", email_verified=False)
    assert access.editor_identity(OIDC, user=unverified, secret_settings=listed) is None
    assert (
        access.editor_identity(OIDC, user={"is_logged_in": True, "sub": "42"}, secret_settings=listed) is None
    )
    # no list at all: nobody edits (never "everyone who can sign in somewhere")
    assert (
        access.editor_identity(OIDC, user=signed_in("ana@example.org"), secret_settings={"auth": {}}) is None
    )
    assert access.signed_in_account(signed_in("stranger@gmail.com")) == "stranger@gmail.com"
    with pytest.raises(AccessConfigError, match="editor_emails"):
        access.oidc_editor({"editor_emails": 42}, signed_in("ana@example.org"))


def test_named_editors_sign_in_with_their_own_password_and_are_recorded_by_name():
    settings = {
        "editor_passwords": {"ana": access.hash_password("ana's"), "ben": access.hash_password("ben's")},
        "editor_password_hash": access.hash_password("shared"),
    }
    assert access.access_mode({"editor_passwords": settings["editor_passwords"]}) == PASSWORD
    assert access.check_password(settings, "ana's", "ana") == "ana"
    assert access.check_password(settings, "ben's", "ana") is None  # another editor's password
    assert access.check_password(settings, "ana's", "nobody") is None
    assert access.check_password(settings, "shared") == access.PASSWORD_EDITOR
    assert access.check_password(settings, "ana's") is None
    assert access.editor_identity(PASSWORD, password_editor="ana") == "ana"


def test_wrong_passwords_back_off_per_key_and_doubling():
    """Finding 8: no limit on password attempts (57 ms a try)."""
    now = [1000.0]
    limiter = access.AttemptLimiter(clock=lambda: now[0])
    keys = ["session:a", "address:10.0.0.1"]
    for _ in range(access.FREE_ATTEMPTS):
        assert limiter.wait(keys) == 0
        limiter.failed(keys)
    assert limiter.wait(keys) == access.BACKOFF_FIRST_S
    assert limiter.wait(["session:new", "address:10.0.0.1"]) == access.BACKOFF_FIRST_S  # a new session too
    assert limiter.wait(["session:other", "address:10.0.0.2"]) == 0  # another visitor is not held
    now[0] += access.BACKOFF_FIRST_S
    limiter.failed(keys)
    assert limiter.wait(keys) == 2 * access.BACKOFF_FIRST_S
    for _ in range(40):
        limiter.failed(keys)
    assert limiter.wait(keys) == access.BACKOFF_MAX_S
    limiter.succeeded(keys)
    assert limiter.wait(keys) == 0


def test_the_attempt_counts_stay_bounded():
    now = [0.0]
    limiter = access.AttemptLimiter(max_keys=100, clock=lambda: now[0])
    for i in range(1000):
        limiter.failed([f"address:{i}"])  # one try each: no back-off to keep
    assert len(limiter._keys) <= 100
    for i in range(1000):
        for _ in range(access.FREE_ATTEMPTS):
            limiter.failed([f"session:{i}"])  # all backing off
    assert len(limiter._keys) <= 200


def test_the_secrets_file_is_never_committed():
    import subprocess

    from tests.conftest import ROOT

    found = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True
    )
    assert found.returncode == 0
