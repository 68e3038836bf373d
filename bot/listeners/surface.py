"""Registering handlers with one failure policy per Slack surface, applied here once.

Whatever a handler raises (the database down, the Web API failing, a bug), Slack gets its
answer within the 3 seconds and the user is told, never a 500 or Bolt's 404:
- commands answer ephemerally (through the ack, or the response_url once acked);
- buttons answer through the response_url, or in the open modal, or in a new one;
- submissions keep the modal open with the message under its first field, or show an
  error view;
- events are acknowledged by Bolt; a failure is logged;
- option searches (external selects) answer with no options.
Expected faults (a database lock held too long, no free database thread, a full disk) are
logged in one line; anything else with its traceback.
Every route is recorded, so tests can drive each registered handler (see routes()).
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from weakref import WeakKeyDictionary

from slack_bolt.async_app import AsyncApp
from slack_bolt.kwargs_injection.async_args import AsyncArgs
from slack_sdk.errors import SlackApiError

from bot.blocks.error_view import build_error_modal
from bot.i18n import Translator
from bot.services.faults import expected_fault, failed_statement
from bot.slack_errors import slack_error

logger = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[None]]
Kind = Literal["command", "action", "view", "event", "options"]


@dataclass(frozen=True)
class Route:
    kind: Kind
    example: str  # a command, action_id, callback_id or event type this route answers
    handler: Handler


_ROUTES: WeakKeyDictionary[AsyncApp, list[Route]] = WeakKeyDictionary()


def routes(app: AsyncApp) -> list[Route]:
    """Every handler registered through this module, in order."""
    return list(_ROUTES.get(app, []))


def command(app: AsyncApp, name: str, handler: Handler) -> None:
    app.command(name)(_guarded(handler, _tell_command))
    _ROUTES.setdefault(app, []).append(Route("command", name, handler))


def action(app: AsyncApp, action_id: str | re.Pattern[str], handler: Handler, *,
           example: str | None = None) -> None:
    """A block action; a pattern needs an `example` id it matches (for the tests)."""
    name = action_id if isinstance(action_id, str) else example
    assert name is not None and (isinstance(action_id, str) or action_id.match(name))
    app.action(action_id)(_guarded(handler, _tell_action))
    _ROUTES.setdefault(app, []).append(Route("action", name, handler))


def view(app: AsyncApp, callback_id: str, handler: Handler) -> None:
    app.view(callback_id)(_guarded(handler, _tell_submission))
    _ROUTES.setdefault(app, []).append(Route("view", callback_id, handler))


def event(app: AsyncApp, event_type: str, handler: Handler) -> None:
    app.event(event_type)(_guarded(handler, _log_only))
    _ROUTES.setdefault(app, []).append(Route("event", event_type, handler))


def options(app: AsyncApp, action_id: str, handler: Handler) -> None:
    """The options of an external select (Slack's block_suggestion)."""
    app.options(action_id)(_guarded(handler, _no_options))
    _ROUTES.setdefault(app, []).append(Route("options", action_id, handler))


Failure = Callable[[AsyncArgs, str], Awaitable[None]]


def _guarded(handler: Handler, tell: Failure) -> Callable[[AsyncArgs], Awaitable[None]]:
    # Bolt passes a listener the arguments its signature names; this one takes them all
    # (`args`) and hands the handler those it names.
    names = list(inspect.signature(handler).parameters)

    async def guarded(args: AsyncArgs) -> None:
        try:
            await handler(**{name: getattr(args, name) for name in names})
        except Exception as exc:
            _log_failure(handler.__name__, exc)
            try:
                await tell(args, _message(exc))
            except Exception as told:  # the user cannot be reached either; logged above
                logger.warning("could not tell the user about a failure: %s",
                               type(told).__name__)

    guarded.__name__ = guarded.__qualname__ = handler.__name__
    return guarded


def _log_failure(name: str, exc: Exception) -> None:
    fault = expected_fault(exc)
    if fault is None:  # a bug, or a fault nobody foresaw: the traceback says where
        logger.exception("%s failed", name)
    else:  # foreseen and answered; the operator needs to know it happened, not where
        level = logging.ERROR if fault in ("disk full", "insufficient resources") \
            else logging.WARNING
        statement = failed_statement(exc)
        logger.log(level, "%s failed: %s (%s)%s", name, fault, type(exc).__name__,
                   f" in {statement}" if statement else "")


def _message(exc: Exception) -> str:
    tr = Translator()  # the user's language may be in the database that just failed
    if isinstance(exc, SlackApiError) and str(
            getattr(exc.response, "api_url", "")).endswith("views.open"):
        logger.info("views.open failed: %s", slack_error(exc))
        return tr.t("error.modal_failed")
    return tr.t("error.internal")


def _acked(args: AsyncArgs) -> bool:
    return getattr(args.ack, "response", None) is not None


def _user_id(args: AsyncArgs) -> str | None:
    body: dict[str, Any] = args.body or {}
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return user_id if isinstance(user_id, str) else None


async def _tell_command(args: AsyncArgs, text: str) -> None:
    if not _acked(args):
        await args.ack(response_type="ephemeral", text=text)
    elif args.respond is not None:
        await args.respond(text=text, response_type="ephemeral", replace_original=False)


async def _tell_action(args: AsyncArgs, text: str) -> None:
    if not _acked(args):
        await args.ack()
    body: dict[str, Any] = args.body or {}
    if body.get("response_url") and args.respond is not None:
        await args.respond(text=text, response_type="ephemeral", replace_original=False)
        return
    opened = body.get("view")
    error_view = build_error_modal(text=text, tr=Translator())
    if isinstance(opened, dict) and opened.get("type") == "modal" and opened.get("id"):
        await args.client.views_update(view_id=opened["id"], view=error_view)
        return
    try:
        await args.client.views_open(trigger_id=body.get("trigger_id", ""), view=error_view)
    except SlackApiError:  # the trigger has expired (or Slack fails): a direct message then
        user_id = _user_id(args)
        if user_id:
            await args.client.chat_postMessage(channel=user_id, text=text)


async def _tell_submission(args: AsyncArgs, text: str) -> None:
    if _acked(args):  # the modal has closed: a direct message is what is left
        user_id = _user_id(args)
        if user_id:
            await args.client.chat_postMessage(channel=user_id, text=text)
        return
    submitted: dict[str, Any] = args.view or {}
    first_input = next((b.get("block_id") for b in submitted.get("blocks") or []
                        if isinstance(b, dict) and b.get("type") == "input"
                        and isinstance(b.get("block_id"), str)), None)
    if first_input:  # the modal stays open with what the user typed in it
        await args.ack(response_action="errors",
                       errors={first_input: text.removeprefix(":warning:").strip()[:150]})
    else:
        await args.ack(response_action="update",
                       view=build_error_modal(text=text, tr=Translator()))


async def _no_options(args: AsyncArgs, text: str) -> None:
    """A menu's search cannot say why it failed: it shows no options."""
    if not _acked(args):
        await args.ack(options=[])


async def _log_only(args: AsyncArgs, text: str) -> None:
    """Bolt acknowledged the event before the handler ran; there is no one to answer."""
