"""Logging for `kpibot run`: our own lines at INFO, other libraries' at WARNING, no payloads.

Bolt gives each of its classes a logger of its own (`slack_bolt.AsyncApp`,
`slack_bolt.RequestVerification`, ...) and copies the root logger's level into it when the
class is built, so a level set on `slack_bolt` never reaches them. Hence the root logger stays
at WARNING (which Bolt copies), loggers Bolt made before this call are set one by one, and our
own namespaces are opened to INFO.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TextIO

from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OURS = ("bot", "storage", "kpibot")
# Alembic's "Running upgrade ..." and APScheduler's "Added job ..." lines say nothing an
# operator needs at every start; slack_sdk logs request bodies at DEBUG.
QUIET = ("alembic", "apscheduler", "slack_bolt", "slack_sdk", "aiohttp", "sqlalchemy")
# Bolt's warning when SLACK_BOT_TOKEN is in the environment and a client is given too: both
# carry the same token, so the warning says nothing true about this app.
TOKEN_UNUSED = warning_client_prioritized_and_token_skipped()


def configure_logging(level: int = logging.INFO, stream: TextIO | None = None
                      ) -> logging.Handler:
    """Log to `stream` (stderr by default); returns the handler it added to the root."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in OURS:
        logging.getLogger(name).setLevel(level)
    for name in (*QUIET, *_bolt_loggers()):
        logging.getLogger(name).setLevel(logging.WARNING)
    _add_filter_once(logging.getLogger("slack_bolt.AsyncApp"), _drop_token_unused)
    _add_filter_once(logging.getLogger("slack_bolt.App"), _drop_token_unused)
    _add_filter_once(logging.getLogger("slack_bolt.RequestVerification"), _without_body)
    return handler


def _bolt_loggers() -> list[str]:
    return [name for name in logging.root.manager.loggerDict if name.startswith("slack_bolt.")]


def _add_filter_once(logger: logging.Logger, check: Callable[[logging.LogRecord], bool]) -> None:
    if check not in logger.filters:
        logger.addFilter(check)


def _drop_token_unused(record: logging.LogRecord) -> bool:
    return record.getMessage() != TOKEN_UNUSED


def _without_body(record: logging.LogRecord) -> bool:
    """Bolt's refusal line carries the whole request body (user text, response_url,
    trigger_id); should it ever pass the level, it passes as one short line."""
    record.msg = "refused a request: invalid or stale signature"
    record.args = ()
    return True
