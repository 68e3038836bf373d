"""A database that cannot be opened, said in one line: which DATABASE_URL (password masked)
and what went wrong, instead of a driver's 150-line traceback."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import StartupError

MAX_REASON = 200


class DatabaseUnavailable(StartupError):
    """The database behind DATABASE_URL cannot be reached, opened or migrated."""


def masked_url(url: str) -> str:
    """The URL with its password replaced by ***; only the host part when it does not parse."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "..." + url.rpartition("@")[2]


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        return None


def reason(exc: BaseException) -> str:
    """The first line of the driver's own message, which says what is wrong."""
    cause = getattr(exc, "orig", None) if isinstance(exc, SQLAlchemyError) else None
    if isinstance(exc, OSError) and not cause:
        text = f"{exc.strerror or type(exc).__name__}" + (f": {exc.filename}"
                                                         if exc.filename else "")
    else:
        text = str(cause or exc)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:MAX_REASON] or type(exc).__name__


def database_unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    why = reason(exc)
    secret = _password(url)
    if secret:
        why = why.replace(secret, "***")
    return DatabaseUnavailable(f"DATABASE_URL {masked_url(url)}: cannot open the database "
                               f"({why})")
