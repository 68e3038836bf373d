"""The LocalSlack with channel history, and posts that stall: Slack as the fault tests need it.

A chat.postMessage is in its channel from the moment Slack accepts it, whether or not the answer
ever reaches the bot; conversations.history shows it, with its metadata and the bot's id.
`stall(method, accept=...)` holds the next call unanswered until `release()`: accepted (Slack
took the post, the answer is lost or late) or not (Slack never got to it).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.console.local_slack import Call, Failure, LocalSlack

BOT_ID = "B0BOT"  # what LocalSlack's auth.test says the bot is
_STALLED: contextvars.ContextVar[bool] = contextvars.ContextVar("stalled", default=False)


@dataclass
class ChannelSlack(LocalSlack):
    clock: Callable[[], float] = time.time  # stamps message ts; tests pass their own clock
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # newest first
    stalls: dict[str, list[bool]] = field(default_factory=dict)  # method -> accept? per call
    _accepted: dict[int, str] = field(default_factory=dict)  # id(args) -> ts
    _failing: bool = False
    _unstall: asyncio.Event = field(default_factory=asyncio.Event)
    _last: float = 0.0

    def stall(self, method: str, *, accept: bool, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer until release()."""
        self.stalls.setdefault(method, []).extend([accept] * times)

    def release(self) -> None:
        super().release()
        self.stalls.clear()
        self._unstall.set()

    def posts_in(self, channel: str) -> list[dict[str, Any]]:
        return self.history.get(channel, [])

    def _scripted_failure(self, method: str) -> Failure | None:
        failure = super()._scripted_failure(method)
        self._failing = failure is not None
        return failure

    async def _record(self, call: Call) -> None:
        queue = self.stalls.get(call.method)
        accept = not self._failing
        if queue:
            accept = accept and queue.pop(0)
            _STALLED.set(True)  # this request's own task: read back in _slow_down
        if call.method == "chat.postMessage" and accept:
            self._accept(call.args)
        await super()._record(call)

    def _accept(self, args: dict[str, Any]) -> None:
        stamp = max(self.clock(), self._last + 0.000001)  # ts are unique and increasing
        self._last = stamp
        ts = f"{stamp:.6f}"
        self._accepted[id(args)] = ts
        message = {"type": "message", "ts": ts, "bot_id": BOT_ID, "text": args.get("text", "")}
        for key in ("blocks", "metadata"):
            if key in args:
                message[key] = args[key]
        self.history.setdefault(str(args.get("channel")), []).insert(0, message)

    async def _slow_down(self, method: str) -> None:
        if _STALLED.get():
            await self._unstall.wait()
            return
        await super()._slow_down(method)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "chat.postMessage":
            ts = self._accepted.pop(id(args), None)
            if ts is None:  # stalled and never accepted: Slack gave up on it
                return {"ok": False, "error": "request_timeout"}
            return {"ok": True, "channel": args.get("channel"), "ts": ts,
                    "message": {"text": args.get("text", ""), "ts": ts}}
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            messages = [m for m in self.posts_in(str(args.get("channel")))
                        if float(m["ts"]) > oldest]
            limit = int(args.get("limit") or 100)
            return {"ok": True, "messages": messages[:limit], "has_more": len(messages) > limit,
                    "response_metadata": {"next_cursor": ""}}
        return super()._answer(method, args)
