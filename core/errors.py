"""Errors the core raises for bad input: each says which stage and which article."""

import re

# user:password@ in a URL SQLAlchemy cannot parse: masked all the same.
_URL_PASSWORD = re.compile(r"(?<=://)([^/@:]*):[^/@]*@")


def masked_url(url: str) -> str:
    """A store URL fit to show anyone: its password replaced by ``***`` (SQLAlchemy's
    ``render_as_string(hide_password=True)``), on the page, in logs and on the command line."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        return _URL_PASSWORD.sub(r"\1:***@", str(url))


class CoreError(Exception):
    """Base class; the CLI prints ``str(error)`` on one line and exits with status 2."""


class InputError(CoreError):
    """The input cannot be read as an article (empty, binary, not UTF-8, too large...)."""


class StageError(CoreError):
    """A parsing stage failed on an article; names the stage and the article."""

    def __init__(self, stage: str, article: str, cause: BaseException):
        super().__init__(f"{stage} failed on {article}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.article = article


class StaleEdit(CoreError):
    """A correction was made on a view of a record that someone else has changed since;
    nothing was saved (the editor reloads and corrects again)."""


class StoreError(CoreError):
    """The store cannot be opened at all (its folder cannot be made, its driver is not
    installed, its URL names no database); the CLI exits with status 3 as for any other
    store failure, the dashboard shows the line instead of a traceback."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"the store at {masked_url(url)}: {reason}")
        self.url = masked_url(url)  # never the password: the message and the field are shown
