"""One console session: lines in, through the real app as the current user, text out.

A line starting with `/` is a slash command; whatever reaches the LocalSlack afterwards
(messages, ephemeral messages, response_url posts, App Home views, modals) is shown on the
Screen. Modals are filled in at prompts and submitted through the app, which may answer with
field errors; then only the fields in error are asked again.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from typing import Any

from bot.console.harness import Harness
from bot.console.local_slack import Call
from bot.console.modal import (
    AnswerError,
    Question,
    option_lines,
    parse_answer,
    prompt_text,
    questions,
)
from bot.console.payloads import state_values
from bot.console.reader import LineReader
from bot.console.render import mrkdwn, view_title
from bot.console.screen import CHANNEL, Screen
from bot.services.teams import viewer
from bot.slack_ids import is_user_id

QUIET_SECONDS = 0.05  # no new Web API call for this long, and no listener running: settled
SETTLE_LIMIT_SECONDS = 10.0
HELP = """\
Console commands
  /command [text]    run a slash command as you, e.g. /mykpis last week, /kpi log 20 calls
  :click N   or  N   press button [N] of the last message or App Home shown
  :as USER           act as another Slack user, e.g. :as U0MGR1 (:as alone: who am I?)
  :home              open your App Home tab
  :help              this list
  :quit              leave (Ctrl-D does too)
In a modal: answer each field in turn. Enter keeps the value in [brackets] or leaves an
optional field empty; :cancel closes the modal without submitting it."""

logger = logging.getLogger(__name__)


class ModalCancelled(Exception):
    """The user left a modal with :cancel."""


class InputEnded(Exception):
    """The input ended in the middle of a modal: the console ends too."""


class Console:
    """Reads lines, sends them through the app as the current user, and shows what came back."""

    def __init__(self, harness: Harness, reader: LineReader, screen: Screen) -> None:
        self.harness = harness
        self.reader = reader
        self.screen = screen
        self.pending: list[Call] = []
        self.last_call = 0.0
        harness.slack.listeners.append(self._arrived)

    @property
    def user(self) -> str:
        return self.screen.user

    # --- what reaches the LocalSlack ------------------------------------------------------

    def _arrived(self, call: Call) -> None:
        self.pending.append(call)
        self.last_call = asyncio.get_running_loop().time()

    async def settle(self) -> None:
        """Wait until the app's work after the ack is done, so output keeps its order.

        Done means: no listener still running (Bolt runs them as tasks) and no new call for
        QUIET_SECONDS; bounded, so a stuck listener cannot hang the console.
        """
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.last_call = max(self.last_call, started)
        while loop.time() - started < SETTLE_LIMIT_SECONDS:
            quiet = loop.time() - self.last_call >= QUIET_SECONDS
            if quiet and not _app_tasks():
                return
            await asyncio.sleep(0.01)
        self.screen.note("(the app is still working in the background; its output will follow)")

    async def drain(self) -> None:
        """Settle, print what arrived, and fill any modal that was opened, until quiet."""
        while True:
            await self.settle()
            if not self.pending:
                return
            call = self.pending.pop(0)
            if call.method in ("views.open", "views.push") and isinstance(
                    call.args.get("view"), dict):
                await self.fill_modal(call.args["view"])
            else:
                self.screen.show_call(call)

    # --- input ----------------------------------------------------------------------------

    def prompt(self) -> tuple[str, str]:
        plain = f"{self.user}> "
        return plain, self.screen.style.paint(self.user, "bold", "green") + "> "

    async def run(self) -> int:
        while True:
            plain, shown = self.prompt()
            line = await self.reader.read(plain, shown_prompt=shown)
            if line is None:
                if self.reader.interactive:
                    self.screen.say()
                return 0
            try:
                # a paste of several commands arrives as one line on terminals that bracket it
                for part in line.splitlines() or [""]:
                    if not await self.handle(part.strip()):
                        return 0
            except InputEnded:
                return 0

    async def handle(self, line: str) -> bool:
        """One input line; False when the console should stop."""
        if not line:
            return True
        if line.startswith("/"):
            await self.slash(line)
        elif line.isdigit():
            await self.click(int(line))
        elif line.startswith(":"):
            word, _, rest = line[1:].partition(" ")
            return await self.console_command(word.lower(), rest.strip())
        else:
            self.screen.problem("Type a slash command such as /mykpis, a button number, or :help.")
        return True

    async def console_command(self, word: str, rest: str) -> bool:
        if word in ("quit", "q", "exit"):
            return False
        if word in ("help", "h", "?"):
            self.screen.say(HELP + "\n")
        elif word == "as":
            await self.switch_user(rest)
        elif word == "click":
            if rest.isdigit():
                await self.click(int(rest))
            else:
                self.screen.problem("Say which button: :click 1")
        elif word == "home":
            await self.home()
        elif word == "cancel":
            self.screen.note("No modal is open.")
        else:
            self.screen.problem(f"There is no console command :{word}. :help lists them.")
        return True

    async def switch_user(self, rest: str) -> None:
        if not rest:
            self.screen.say(f"You are {await self.describe(self.user)}.")
            return
        user = rest.lstrip("@").upper()
        if not is_user_id(user):
            self.screen.problem(f"{rest} is not a Slack user ID; they look like U0SDR2 or U0MGR1.")
            return
        self.screen.user = user
        self.screen.fresh_output = True
        self.screen.say(f"You are now {await self.describe(user)}.")

    async def describe(self, user_id: str) -> str:
        try:
            who = await self.harness.deps.store.run(viewer, user_id=user_id)
        except Exception:  # a description is a nicety; never let it stop the console
            logger.exception("looking up %s failed", user_id)
            return user_id
        name = who.person.name if who.person and who.person.name else None
        return f"{user_id} ({name})" if name and name != user_id else user_id

    async def slash(self, line: str) -> None:
        command, _, text = line.partition(" ")
        requests = self.harness.requests
        body = requests.slash_command(user_id=self.user, command=command.lower(),
                                      text=text.strip(), channel_id=CHANNEL)
        self.screen.fresh_output = True
        status, answer = await self.harness.dispatch(body)
        if status == 404:
            self.screen.problem(f"kpibot has no {command} command. It answers /mykpis and "
                                "/kpi; /kpi help lists everything.")
        elif status != 200:
            self.screen.problem(f"{command} failed: the app answered HTTP {status}.")
        elif answer:
            title = ("kpibot in the channel (everyone sees it)"
                     if answer.get("response_type") == "in_channel"
                     else "kpibot · only visible to you")
            self.screen.show(title, answer, detail=f"reply to {command}")
        await self.drain()

    async def click(self, number: int) -> None:
        on_screen = self.screen.buttons
        found = [c for c in on_screen if c.button.number == number]
        if not found:
            shown = (f"buttons 1-{len(on_screen)} are on screen" if on_screen
                     else "no buttons are on screen")
            self.screen.problem(f"There is no button [{number}]: {shown}.")
            return
        clicked = found[0]
        url = clicked.button.action.get("url")
        if url:
            self.screen.note(f"[{number}] opens {url} in a browser.")
        if "action_id" not in clicked.button.action:
            return  # a plain link: Slack tells the app nothing
        body = self.harness.requests.block_action(
            user_id=self.user, action=clicked.button.action, view=clicked.view,
            channel_id=clicked.channel_id or CHANNEL)
        self.screen.fresh_output = True
        status, answer = await self.harness.dispatch(body)
        if status == 404:
            self.screen.problem(f"Nothing in the app handles [{number}] {clicked.button.label}.")
        elif status != 200:
            self.screen.problem(f"[{number}] failed: the app answered HTTP {status}.")
        elif answer and (answer.get("blocks") or answer.get("text")):
            self.screen.show("kpibot · only visible to you", answer, detail="reply to the button")
        await self.drain()

    async def home(self) -> None:
        event = {"type": "app_home_opened", "user": self.user, "channel": "D" + self.user[1:],
                 "tab": "home", "event_ts": "0"}
        self.screen.fresh_output = True
        self.screen.home_opened = True
        try:
            status, _ = await self.harness.dispatch(self.harness.requests.event(event=event),
                                                    content_type="application/json")
            if status == 404:
                self.screen.problem("The app has no App Home tab.")
            await self.drain()
        finally:
            self.screen.home_opened = False

    # --- modals -----------------------------------------------------------------------------

    async def fill_modal(self, view: dict[str, Any]) -> None:
        """Ask for each input at a prompt, submit, and ask again for the fields in error."""
        self.screen.fresh_output = True
        if "submit" not in view:  # nothing to fill in: Slack shows it with Close only
            self.screen.show_view(f"Modal: {view_title(view)}", view, inputs=False)
            self.screen.say()
            return
        self.screen.show_view(f"Modal: {view_title(view)}", view, inputs=False,
                              detail="Enter keeps [defaults] · :cancel closes")
        view = {**view, "id": view.get("id") or f"V0CONSOLE{id(view):x}"}
        asked = questions(view)
        answers: dict[str, Any] = {}
        while True:
            try:
                while asked:
                    question = asked.pop(0)
                    answers[question.block_id] = await self.ask(question)
                    if question.redraws and answers[question.block_id] != question.default:
                        redrawn = await self.redraw(view, question, answers)
                        if redrawn is not None:
                            view = redrawn
                            fields = {q.block_id for q in questions(view)}
                            answers = {k: v for k, v in answers.items() if k in fields}
                            asked = [q for q in questions(view) if q.block_id not in answers]
            except (ModalCancelled, InputEnded) as stopped:
                self.screen.note("Modal closed; nothing was submitted.")
                self.screen.say()
                if isinstance(stopped, InputEnded):
                    raise
                return
            answer = await self.submit(view, answers)
            if answer is None:
                return
            action = answer.get("response_action")
            if action == "errors":
                errors = answer.get("errors") or {}
                asked = self.show_errors(view, errors)
                continue
            if action in ("update", "push") and isinstance(answer.get("view"), dict):
                view = answer["view"]
                self.screen.show_view(f"Modal: {view_title(view)}", view, inputs=False)
                if "submit" not in view:  # a view to read and close, as Slack shows it
                    self.screen.say()
                    return
                asked, answers = questions(view), {}
                continue
            self.screen.note(f"Submitted {view_title(view)}.")
            self.screen.say()
            return

    def show_errors(self, view: dict[str, Any], errors: Mapping[str, Any]) -> list[Question]:
        """Print the app's field errors; the questions to ask again."""
        every = questions(view)
        again = [q for q in every if q.block_id in errors]
        self.screen.problem("The app did not accept the form:")
        for block_id, message in errors.items():
            label = next((q.label for q in every if q.block_id == block_id), block_id)
            self.screen.problem(f"  ✗ {label}: {mrkdwn(str(message), self.screen.style)}")
        return again or every

    async def ask(self, question: Question) -> Any:
        style = self.screen.style
        for choices in option_lines(question, style, style.width - 4):
            self.screen.say("    " + choices)
        if question.hint:
            self.screen.note("    " + question.hint)
        while True:
            text = "  " + prompt_text(question)
            line = await self.reader.read(text, shown_prompt=style.paint(text, "bold"))
            if line is None:
                raise InputEnded
            if line.strip().lower() == ":cancel":
                raise ModalCancelled
            try:
                return parse_answer(question, line)
            except AnswerError as exc:
                self.screen.problem(f"    {exc}")

    async def redraw(self, view: dict[str, Any], question: Question, answers: dict[str, Any]
                     ) -> dict[str, Any] | None:
        """Tell the app about a changed field as Slack does (block_actions with the view's
        state); the view it redraws with views.update, or None when it keeps the view."""
        state = {**view, "hash": view.get("hash", "h0"),
                 "state": {"values": state_values(view, answers)}}
        body = self.harness.requests.block_action(
            user_id=self.user, view=state,
            action={"action_id": question.action_id, "block_id": question.block_id,
                    "type": question.kind})
        await self.harness.dispatch(body)
        await self.settle()
        update = next((c for c in self.pending if c.method == "views.update"
                       and c.args.get("view_id") == view["id"]
                       and isinstance(c.args.get("view"), dict)), None)
        if update is None:
            return None
        self.pending.remove(update)
        self.screen.note("    (the form was updated for that choice)")
        return {**update.args["view"], "id": view["id"]}

    async def submit(self, view: dict[str, Any], answers: dict[str, Any]
                     ) -> dict[str, Any] | None:
        """Submit through the app; its answer, or None when the modal is finished with."""
        body = self.harness.requests.view_submission(
            user_id=self.user, view=view, values=state_values(view, answers))
        status, answer = await self.harness.dispatch(body)
        if status != 200:
            self.screen.problem(f"Submitting {view_title(view)} failed: "
                                f"the app answered HTTP {status}.")
            return None
        return answer or {}


def _app_tasks() -> list[asyncio.Task[Any]]:
    """Tasks still doing the app's work: everything but the console itself and the
    LocalSlack's server (aiohttp keeps a task per open connection)."""
    current = asyncio.current_task()
    busy = []
    for task in asyncio.all_tasks():
        if task is current or task.done():
            continue
        code = getattr(task.get_coro(), "cr_code", None)
        filename = getattr(code, "co_filename", "")
        if f"{os.sep}aiohttp{os.sep}" in filename:
            continue
        busy.append(task)
    return busy
