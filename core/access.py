"""Who may change the store on a hosted dashboard (issues 15, 37), as plain logic the UI calls.

A hosted instance is read-only for visitors unless an editor signs in, either through
Streamlit's own ``st.login`` (an OIDC provider under ``[auth]`` in secrets.toml), where
only the accounts the operator lists are editors (``editor_emails``, ``editor_domains``),
or with a password, stored in secrets.toml only as salted scrypt hashes: the team's
shared one (``editor_password_hash``) and/or one per named editor (``[editor_passwords]``
``name = "scrypt$..."``, so corrections record who), all made by ``python -m core.access``.
Password attempts are limited per session and per address, with a back-off that doubles
(``AttemptLimiter``).  With nothing configured the dashboard is a local single-user one
and stays open.  Nothing here imports Streamlit: the UI passes in its secrets, ``st.user``
and the visitor's address as plain values.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from core.errors import CoreError

PASSWORD_HASH_KEY = "editor_password_hash"  # the secrets.toml key the operator sets
NAMED_PASSWORDS_KEY = "editor_passwords"  # a secrets.toml table: editor name = its hash
OIDC_SECTION = "auth"  # st.login reads its provider from this secrets.toml section
EDITOR_EMAILS_KEY = "editor_emails"  # OIDC accounts that may edit: a list of e-mail addresses
EDITOR_DOMAINS_KEY = "editor_domains"  # ... or every account of these e-mail domains

# Password sign-in: this many wrong passwords in a row are free, then each further try
# waits a back-off that doubles from BACKOFF_FIRST_S up to BACKOFF_MAX_S, per session and
# per address alike (a new session is free to open, an address is not).  Eight tries,
# then at most one every 15 minutes: a guessed password needs years, a typo costs nothing.
FREE_ATTEMPTS = 5
BACKOFF_FIRST_S = 2.0
BACKOFF_MAX_S = 15 * 60.0
# Sessions and addresses remembered at once: enough for any real audience; beyond it the
# oldest whose back-off has run out are forgotten first, so memory stays bounded.
MAX_TRACKED_KEYS = 10_000

# scrypt cost: 2**14 x 8 is the interactive-login setting of the scrypt paper and of
# Python's docs (about 16 MB and tens of milliseconds), so one check per sign-in is cheap
# for the server and a stolen hash is slow to guess against.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
HASH_SCHEME = "scrypt"
# scrypt's memory is 128 * n * r bytes; OpenSSL's default cap (32 MB) is just above the
# setting here, so the cap is raised to what the stored parameters need.
SCRYPT_MAXMEM_FACTOR = 129

OPEN, PASSWORD, OIDC = "open", "password", "oidc"
PASSWORD_EDITOR = "editor (password)"  # "who" for a correction made with the shared password


class AccessConfigError(CoreError):
    """The operator's access settings cannot be read (a malformed password hash)."""


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=SCRYPT_MAXMEM_FACTOR * n * r,
        dklen=KEY_BYTES,
    )


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$key`` (hex), the line the operator puts in secrets.toml."""
    if not password:
        raise AccessConfigError("the editor password is empty")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{HASH_SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from; the keys are compared
    in constant time (hmac.compare_digest), so the time taken tells nothing of the key."""
    try:
        scheme, n, r, p, salt_hex, key_hex = stored.strip().split("$")
        if scheme != HASH_SCHEME:
            raise ValueError(f"scheme {scheme!r}")
        n_, r_, p_ = int(n), int(r), int(p)
        salt, key = bytes.fromhex(salt_hex), bytes.fromhex(key_hex)
    except (AttributeError, ValueError) as error:
        raise AccessConfigError(
            f"{PASSWORD_HASH_KEY} in secrets.toml is not a hash made by python -m core.access ({error})"
        ) from None
    if not password:
        return False
    return hmac.compare_digest(_scrypt(password, salt, n_, r_, p_), key)


def access_mode(secret_settings: Mapping[str, Any]) -> str:
    """OIDC when the operator configured an ``[auth]`` provider, the editor password when
    a shared or a named hash is set, otherwise open (local ``make run``, one user)."""
    if secret_settings.get(OIDC_SECTION):
        return OIDC
    if secret_settings.get(PASSWORD_HASH_KEY) or secret_settings.get(NAMED_PASSWORDS_KEY):
        return PASSWORD
    return OPEN


def _listed(value: Any, key: str) -> set[str]:
    """A secrets.toml list (or one string) as a set of lower-case entries."""
    if value is None:
        return set()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise AccessConfigError(f"{key} in secrets.toml must be a list of strings")
    return {v.strip().lower().lstrip("@") for v in value if v.strip()}


def signed_in_account(user: Mapping[str, Any] | None) -> str | None:
    """The account an OIDC user signed in with (e-mail, else user name, name, subject),
    or None when nobody is signed in."""
    if not user or not user.get("is_logged_in"):
        return None
    for claim in ("email", "preferred_username", "name", "sub"):
        if user.get(claim):
            return str(user[claim])
    return None


def oidc_editor(secret_settings: Mapping[str, Any], user: Mapping[str, Any] | None) -> str | None:
    """The signed-in account if the operator listed it as an editor, by its address
    (``editor_emails``) or its address's domain (``editor_domains``, exact, never a
    suffix: "example.org" lets in ana@example.org, not ana@evil-example.org); None for
    anyone else.  An address the provider says is unverified is never an editor."""
    if not user or not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip().lower()
    if not email or "@" not in email or user.get("email_verified") is False:
        return None
    emails = _listed(secret_settings.get(EDITOR_EMAILS_KEY), EDITOR_EMAILS_KEY)
    domains = _listed(secret_settings.get(EDITOR_DOMAINS_KEY), EDITOR_DOMAINS_KEY)
    return str(user["email"]).strip() if email in emails or email.rsplit("@", 1)[1] in domains else None


def named_password_hashes(secret_settings: Mapping[str, Any]) -> dict[str, str]:
    """``[editor_passwords]``: editor name -> scrypt hash ({} when there is none)."""
    table = secret_settings.get(NAMED_PASSWORDS_KEY) or {}
    if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):
        raise AccessConfigError(
            f'[{NAMED_PASSWORDS_KEY}] in secrets.toml must hold name = "scrypt$..." lines'
        )
    return {str(name).strip(): stored for name, stored in table.items() if str(name).strip()}


@functools.cache
def _decoy_hash() -> str:
    """A hash no password the form sends can match (its password is random)."""
    return hash_password(secrets.token_hex(16))


def check_password(secret_settings: Mapping[str, Any], password: str, name: str = "") -> str | None:
    """Who signs in with this password, or None: the named editor whose hash it matches
    when a name is given, else the shared password's editor (``PASSWORD_EDITOR``)."""
    name = (name or "").strip()
    if name:
        stored = named_password_hashes(secret_settings).get(name)
        # An unknown name costs one check all the same: the time taken tells no names.
        ok = verify_password(password, stored or _decoy_hash())
        return name if stored and ok else None
    shared = secret_settings.get(PASSWORD_HASH_KEY)
    if shared and verify_password(password, str(shared)):
        return PASSWORD_EDITOR
    return None


def editor_identity(
    mode: str,
    *,
    user: Mapping[str, Any] | None = None,
    password_ok: bool = False,
    password_editor: str | None = None,
    secret_settings: Mapping[str, Any] | None = None,
    local_name: str = "local",
) -> str | None:
    """Who is editing, for a correction's "who", or None for a read-only visitor.

    ``user`` is ``st.user`` as a mapping (``is_logged_in``, ``email``, ``name``, ``sub``):
    with OIDC only an account the operator listed in ``secret_settings`` edits, recorded by
    its e-mail.  With passwords, ``password_editor`` is who signed in (a named editor, or
    ``PASSWORD_EDITOR`` for the shared password, also what ``password_ok`` alone means).
    The signed-in identity is recorded, never a name the visitor types."""
    if mode == OPEN:
        return local_name
    if mode == OIDC:
        return oidc_editor(secret_settings or {}, user)
    if mode == PASSWORD:
        return password_editor or (PASSWORD_EDITOR if password_ok else None)
    raise AccessConfigError(f"unknown access mode {mode!r}")


class AttemptLimiter:
    """Wrong-password counts per key (a session, an address) with a doubling back-off.

    ``wait(keys)`` is how long the longest-waiting key must still wait before its next
    try (0: try now); ``failed(keys)`` counts a wrong password for every key and
    ``succeeded(keys)`` forgets them.  Thread-safe (Streamlit runs sessions in threads);
    at most ``max_keys`` keys are remembered."""

    def __init__(self, max_keys: int = MAX_TRACKED_KEYS, clock=time.monotonic) -> None:
        self._lock = threading.Lock()
        self._keys: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> (failures, last)
        self._max_keys = max_keys
        self._clock = clock

    @staticmethod
    def backoff_s(failures: int) -> float:
        """Seconds to wait after ``failures`` wrong passwords in a row."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** (failures - FREE_ATTEMPTS))

    def wait(self, keys: Iterable[str]) -> float:
        now = self._clock()
        with self._lock:
            waits = [
                last + self.backoff_s(failures) - now
                for failures, last in (self._keys.get(k, (0, now)) for k in keys)
            ]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str]) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                failures, _ = self._keys.pop(key, (0, now))
                self._keys[key] = (failures + 1, now)  # most recent last
            while len(self._keys) > self._max_keys:
                oldest, (failures, last) = next(iter(self._keys.items()))
                if last + self.backoff_s(failures) > now and len(self._keys) <= 2 * self._max_keys:
                    break  # still backing off: kept, up to twice the bound
                del self._keys[oldest]

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)


def main() -> int:
    """Read a password twice from the terminal and print its hash for secrets.toml."""
    import getpass

    first = getpass.getpass("Editor password: ")
    if first != getpass.getpass("Again: "):
        print("error: the two passwords differ", file=sys.stderr)
        return 2
    try:
        print(f'{PASSWORD_HASH_KEY} = "{hash_password(first)}"')
    except AccessConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
