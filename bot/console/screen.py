"""The console's output: posts, views and notes as text, and the buttons now on screen.

Every message gets a title that says where it went (a channel, a DM, only you, an update) and
the Web API method that carried it, then its text behind a bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from bot.console.local_slack import Call
from bot.console.render import (
    Button,
    Rendered,
    Style,
    render_message,
    render_view,
    view_title,
    wrap,
)

CHANNEL = "C0CONSOLE"  # where the console's slash commands are typed
# Calls that only read: printing them would bury the answers.
QUIET_METHODS = frozenset({
    "auth.test", "users.info", "users.lookupByEmail", "users.list", "users.profile.get",
    "conversations.open", "conversations.info", "conversations.members", "team.info",
    "bots.info", "files.getUploadURLExternal", "upload", "usergroups.users.list",
})


@dataclass(frozen=True)
class Clickable:
    button: Button
    view: dict[str, Any] | None  # the App Home or modal it sits on
    channel_id: str  # the channel of the message it sits on


class Screen:
    def __init__(self, out: TextIO, style: Style, user: str) -> None:
        self.out = out
        self.style = style
        self.user = user  # who "you" is in titles
        self.buttons: list[Clickable] = []
        self.fresh_output = True  # the next output replaces the clickable buttons
        self.uploads: dict[str, int] = {}  # file id -> bytes uploaded
        self.home_opened = False  # the user asked for the App Home: show it in full

    # --- text ---------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        self.say(self.style.paint(text, "dim"))

    def problem(self, text: str) -> None:
        self.say(self.style.paint(text, "yellow"))

    def _register(self, rendered: Rendered, *, view: dict[str, Any] | None, channel_id: str
                  ) -> None:
        self.buttons += [Clickable(b, view, channel_id) for b in rendered.buttons]

    def _next_number(self) -> int:
        if self.fresh_output:
            self.buttons = []
            self.fresh_output = False
        return len(self.buttons) + 1

    def show(self, title: str, message: Mapping[str, Any], *, detail: str = "",
             channel_id: str = CHANNEL) -> None:
        rendered = render_message(message, style=self.style, first_button=self._next_number())
        self._register(rendered, view=None, channel_id=channel_id)
        self._print_box(title, detail, rendered)

    def show_view(self, title: str, view: dict[str, Any], *, detail: str = "",
                  inputs: bool = True) -> None:
        rendered = render_view(view, style=self.style, first_button=self._next_number(),
                               inputs=inputs)
        self._register(rendered, view=view, channel_id="")
        self._print_box(title, detail, rendered)

    def _print_box(self, title: str, detail: str, rendered: Rendered) -> None:
        head = self.style.paint(title, "bold")
        if detail:
            head += "  " + self.style.paint(f"({detail})", "dim")
        self.say(head)
        bar = self.style.paint("│", "dim")
        for line in rendered.lines or [self.style.paint("(empty)", "dim")]:
            for part in wrap(line, self.style.width - 2) if line else [""]:
                self.say(f"{bar} {part}" if part else bar)
        self.say()

    # --- Web API calls -----------------------------------------------------------------

    def show_call(self, call: Call) -> None:
        method, args = call.method, call.args
        if method == "chat.postMessage":
            channel = str(args.get("channel", ""))
            self.show(f"kpibot {self._where(channel)}", args, detail=method,
                      channel_id=channel)
        elif method == "chat.postEphemeral":
            channel = str(args.get("channel", ""))
            self.show(f"kpibot · only visible to {self._whom(str(args.get('user')))} "
                      f"{self._where(channel)}", args, detail=method, channel_id=channel)
        elif method == "chat.update":
            channel = str(args.get("channel", ""))
            self.show(f"kpibot · (updated) {self._where(channel)}", args, detail=method,
                      channel_id=channel)
        elif method == "chat.scheduleMessage":
            channel = str(args.get("channel", ""))
            self.show(f"kpibot {self._where(channel)}, scheduled for {args.get('post_at')}",
                      args, detail=method, channel_id=channel)
        elif method == "response_url":
            self._show_response(args)
        elif method == "views.publish":
            view = _view(args)
            owner = str(args.get("user_id"))
            whose = "Your App Home" if owner == self.user else f"App Home of {owner}"
            if self.home_opened and owner == self.user:
                self.show_view(whose, view, detail=method)
            else:  # a refresh after something else: the whole tab would bury the answer
                self.note(f"· {whose} tab was refreshed (:home shows it)")
                self.say()
        elif method == "views.update":
            view = _view(args)
            self.show_view(f"(updated) {view_title(view)}", view, detail=method)
        elif method == "files.completeUploadExternal":
            self._show_upload(args)
        elif method == "upload":
            self.uploads[call.target] = len(args.get("bytes") or b"")
        elif method not in QUIET_METHODS:
            self.note(f"· kpibot called {method}")
            self.say()

    def _show_response(self, args: dict[str, Any]) -> None:
        if args.get("delete_original"):
            self.note("kpibot deleted the message.")
            return
        if args.get("response_type") == "in_channel":
            title = "kpibot in the channel (everyone sees it)"
        else:
            title = "kpibot · only visible to you"
        if args.get("replace_original"):
            title += " · (updated)"
        self.show(title, args, detail="response_url")

    def _show_upload(self, args: dict[str, Any]) -> None:
        files = [f for f in args.get("files") or [] if isinstance(f, dict)]
        names = ", ".join(
            f"{f.get('title') or f.get('id')} ({self.uploads.get(str(f.get('id')), 0):,} bytes)"
            for f in files)
        channel = str(args.get("channel_id") or "")
        message = {"text": args.get("initial_comment") or ""}
        self.show(f"kpibot shared {names or 'a file'} {self._where(channel)}", message,
                  detail="files.completeUploadExternal", channel_id=channel)

    def _whom(self, user_id: str) -> str:
        return "you" if user_id == self.user else user_id

    def _where(self, channel: str) -> str:
        if channel.startswith("U") or channel.startswith("W"):
            return f"→ direct message to {self._whom(channel)}"
        if channel.startswith("D"):  # the LocalSlack names a DM "D" + the user ID's tail
            return f"→ direct message to {self._whom('U' + channel[1:])}"
        return f"in #{channel}" if channel else ""


def _view(args: Mapping[str, Any]) -> dict[str, Any]:
    view = args.get("view")
    return view if isinstance(view, dict) else {}
