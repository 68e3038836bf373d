"""`/kpi <subcommand> ...`: one entry point, a handler per subcommand."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.messages import (
    build_error_blocks,
    build_help_blocks,
    build_logged_blocks,
    build_undone_blocks,
)
from bot.blocks.text import escape, section
from bot.deps import Deps, deps_of
from bot.i18n import Translator
from bot.kpi.logparse import ParseError
from bot.listeners.commands.export import kpi_export
from bot.listeners.commands.history import kpi_history
from bot.listeners.commands.insights import kpi_insights
from bot.listeners.commands.note import kpi_note
from bot.listeners.commands.nudges import kpi_nudges
from bot.listeners.commands.off import kpi_off
from bot.listeners.commands.review import kpi_review
from bot.listeners.commands.sync import kpi_sync
from bot.listeners.commands.team import kpi_team
from bot.listeners.common import learn_profile, open_log_modal, translator_for
from bot.listeners.events.home import refresh_home
from bot.listeners.settings import settings_view
from bot.listeners.targets import targets_view
from bot.services.activity_log import SLASH, NothingToUndo, log_text, undo_last
from bot.services.admins import manager_refusal
from bot.slack_ids import plain_command_text

MAX_COMMAND_TEXT = 4000


class Request:
    """One `/kpi` invocation: who, the words after the subcommand, and how to answer."""

    def __init__(self, *, ack: AsyncAck, command: dict[str, Any], deps: Deps,
                 client: AsyncWebClient, tr: Translator, args: str,
                 respond: AsyncRespond | None = None) -> None:
        self.ack = ack
        self.command = command
        self.deps = deps
        self.client = client
        self.tr = tr
        self.args = args
        self.user_id: str = command["user_id"]
        self.respond = respond
        self._deferred = False

    async def defer(self) -> None:
        """Acknowledge at once and answer later through the command's response_url: for
        work that can outlast Slack's 3 s (statistics over a whole team, and the first use of
        scipy and statsmodels in a process, which imports them). Slack shows nothing until
        the answer comes."""
        if self.respond is None:  # no response_url to answer through: answer in the ack
            return
        await self.ack()
        self._deferred = True

    async def answer(self, blocks: list[dict[str, Any]], text: str) -> None:
        if self._deferred and self.respond is not None:
            await self.respond(response_type="ephemeral", text=text, blocks=blocks,
                               replace_original=False)
            return
        await self.ack(response_type="ephemeral", text=text, blocks=blocks)

    async def open_modal(self, view: dict[str, Any] | None, *, refusal: str) -> None:
        """Open `view` with this command's trigger, or say why not when there is none."""
        if view is None:
            await self.problem(manager_refusal(self.deps.settings, self.tr, refusal), "/kpi help")
            return
        await self.ack()
        await self.client.views_open(trigger_id=self.command["trigger_id"], view=view)

    async def send_file_to_dm(self, content: bytes | str, *, filename: str, title: str,
                              comment: str, alt_text: str | None = None) -> None:
        """A file (an export, a chart) in the requester's DM, after the answer went out."""
        opened = await self.client.conversations_open(users=self.user_id)
        await self.client.files_upload_v2(
            channel=opened["channel"]["id"], content=content, filename=filename, title=title,
            initial_comment=comment, alt_txt=alt_text)  # slack_sdk leaves out a None

    async def problem(self, problem: str, example: str) -> None:
        await self.answer(build_error_blocks(problem=problem, example=example, tr=self.tr),
                          problem)


async def kpi_log(req: Request) -> None:
    if not req.args.strip():
        await req.ack()
        await open_log_modal(req.deps, req.client, req.tr, user_id=req.user_id,
                             trigger_id=req.command["trigger_id"],
                             channel_id=req.command.get("channel_id", ""))
        return
    try:
        logged = await req.deps.store.run(log_text, user_id=req.user_id, text=req.args,
                                          origin=SLASH, now=req.deps.now())
    except ParseError as exc:
        # the problem quotes the user's words: escaped, so `<!channel>` stays text
        params = {k: escape(v) if isinstance(v, str) else v for k, v in exc.params.items()}
        await req.problem(req.tr.problem("parse." + exc.code, params), req.tr.t("example.log"))
        return
    blocks = build_logged_blocks(quantities=logged.request.quantities, day=logged.request.day,
                                 today=logged.today, source=logged.request.source,
                                 note=logged.request.note, tr=req.tr,
                                 technique=logged.request.technique,
                                 posted_week=logged.posted_week)
    await req.answer(blocks, req.tr.t("logged.plain"))
    await refresh_home(req.deps, req.client, req.user_id)  # after the ack: the numbers moved


async def kpi_undo(req: Request) -> None:
    undone = await req.deps.store.run(undo_last, user_id=req.user_id, now=req.deps.now())
    if isinstance(undone, NothingToUndo):
        text = req.tr.t("undo.nothing_left" if undone is NothingToUndo.ALL_UNDONE
                        else "undo.nothing")
        await req.answer([section(text)], text)
        return
    blocks = build_undone_blocks(quantities=undone.quantities, day=undone.day, tr=req.tr)
    await req.answer(blocks, req.tr.t("undo.plain"))
    await refresh_home(req.deps, req.client, req.user_id)  # after the ack: the numbers moved


async def kpi_targets(req: Request) -> None:
    await req.open_modal(await targets_view(req.deps, req.user_id, req.tr),
                         refusal="targets.only_managers")


async def kpi_settings(req: Request) -> None:
    await req.open_modal(await settings_view(req.deps, req.user_id, req.tr),
                         refusal="settings.only_managers")


async def kpi_help(req: Request) -> None:
    await req.answer(build_help_blocks(tr=req.tr, subcommands=list(SUBCOMMANDS)),
                     req.tr.t("help.title"))


Subcommand = Callable[[Request], Awaitable[None]]
SUBCOMMANDS: dict[str, Subcommand] = {
    "log": kpi_log,
    "undo": kpi_undo,
    "help": kpi_help,
    "targets": kpi_targets,
    "settings": kpi_settings,
    "team": kpi_team,
    "nudges": kpi_nudges,
    "export": kpi_export,
    "history": kpi_history,
    "sync": kpi_sync,
    "insights": kpi_insights,
    "note": kpi_note,
    "off": kpi_off,
    "review": kpi_review,
}


async def handle_kpi(
    ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient,
    respond: AsyncRespond
) -> None:
    deps = deps_of(context)
    user_id = command["user_id"]
    text = plain_command_text(str(command.get("text") or "")).strip()
    word, _, args = text.partition(" ")
    tr = await translator_for(deps, user_id)
    req = Request(ack=ack, command=command, deps=deps, client=client, tr=tr, args=args,
                  respond=respond)
    if len(text) > MAX_COMMAND_TEXT:
        await req.problem(tr.t("parse.too_long", limit=MAX_COMMAND_TEXT), tr.t("example.log"))
        return
    handler = SUBCOMMANDS.get(word.lower() or "help")
    if handler is None:
        await req.problem(tr.t("kpi.unknown", word=escape(word[:40])), tr.t("example.log"))
        return
    await handler(req)
    await learn_profile(deps, client, user_id)
