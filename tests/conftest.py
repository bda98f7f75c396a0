"""Shared fixtures."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "data" / "articles" / "000_cde299979b26ee9c.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


def _reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, or the PostgreSQL server that
    scripts/test.sh starts (TEST_DATABASE_URL), wiped before the test."""
    import os

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (scripts/test.sh starts a throwaway PostgreSQL)")
    _reset_postgres(url)
    return url


@pytest.fixture
def store(db_url):
    from core.store import Store

    s = Store(url=db_url)
    yield s
    s.close()
