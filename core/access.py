"""Who may change the store on a hosted dashboard (issue 15), as plain logic the UI calls.

A hosted instance is read-only for visitors unless an editor signs in, either through
Streamlit's own ``st.login`` (an OIDC provider under ``[auth]`` in secrets.toml) or with
the team's editor password, stored in secrets.toml only as a salted scrypt hash
(``editor_password_hash``, made by ``python -m core.access``).  With neither configured
the dashboard is a local single-user one and stays open.  Nothing here imports Streamlit:
the UI passes in its secrets and ``st.user`` as plain mappings.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys
from collections.abc import Mapping
from typing import Any

from core.errors import CoreError

PASSWORD_HASH_KEY = "editor_password_hash"  # the secrets.toml key the operator sets
OIDC_SECTION = "auth"  # st.login reads its provider from this secrets.toml section

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
    a hash is set, otherwise open (local ``make run``, one user)."""
    if secret_settings.get(OIDC_SECTION):
        return OIDC
    if secret_settings.get(PASSWORD_HASH_KEY):
        return PASSWORD
    return OPEN


def editor_identity(
    mode: str, *, user: Mapping[str, Any] | None = None, password_ok: bool = False, local_name: str = "local"
) -> str | None:
    """Who is editing, for a correction's "who", or None for a read-only visitor.

    ``user`` is ``st.user`` as a mapping (``is_logged_in``, ``email``, ``name``, ``sub``);
    the signed-in identity is recorded, never a name the visitor types."""
    if mode == OPEN:
        return local_name
    if mode == OIDC:
        if not user or not user.get("is_logged_in"):
            return None
        for claim in ("email", "preferred_username", "name", "sub"):
            if user.get(claim):
                return str(user[claim])
        return None
    if mode == PASSWORD:
        return PASSWORD_EDITOR if password_ok else None
    raise AccessConfigError(f"unknown access mode {mode!r}")


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
