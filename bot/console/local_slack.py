"""A stand-in for Slack on loopback: the Web API, response URLs and file uploads.

The console points the bot's Web API client here and prints what arrives; tests point it here
and assert on the recorded calls. Failures can be scripted (rate limits, server errors, API
errors) to show how the bot copes.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

LOOPBACK = "127.0.0.1"


@dataclass
class Call:
    """One request that reached the stand-in."""

    method: str  # a Web API method, "response_url" or "upload"
    args: dict[str, Any]
    token: str | None = None
    target: str = ""  # the response_url id or the upload's file id


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    times: int = 1


@dataclass
class SlackUser:
    id: str
    name: str
    real_name: str
    email: str
    locale: str = "en-US"
    tz: str = "UTC"


def _decode_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    """Form-encoded calls carry blocks and views as JSON strings; decode them for asserts."""
    for key in ("blocks", "view", "attachments", "files", "metadata"):
        value = args.get(key)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):  # not JSON after all: keep the string
                args[key] = json.loads(value)
    return args


@dataclass
class LocalSlack:
    users: dict[str, SlackUser] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    listeners: list[Callable[[Call], None]] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _site: web.TCPSite | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _released: asyncio.Event | None = None
    port: int = 0

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> LocalSlack:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_post("/upload/{id}", self._upload)
        # a fake Slack has nothing to drain: without a short timeout, stopping it while the
        # app is mid-call waits until the client's own 30 s timeout ends that call
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, LOOPBACK, self.port)
        await self._site.start()
        server = self._site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._changed = asyncio.Condition()
        self._released = asyncio.Event()
        return self

    async def stop(self) -> None:
        self.release()  # delayed answers finish now, so shutdown never waits them out
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    # --- scripting and inspection ---------------------------------------------------------

    def add_user(self, user: SlackUser) -> None:
        self.users[user.id] = user

    def fail(self, method: str, *, error: str | None = None, status: int = 200,
             retry_after: int | None = None, times: int = 1) -> None:
        """The next `times` calls of `method` fail as described."""
        self.failures.setdefault(method, []).append(
            Failure(status=status, error=error, retry_after=retry_after, times=times))

    def delay(self, method: str, seconds: float) -> None:
        """Answer every later call of `method` only after `seconds`: a slow Slack."""
        self.delays[method] = seconds

    def release(self) -> None:
        """Answer delayed calls at once, now and from here on."""
        self.delays.clear()
        if self._released is not None:
            self._released.set()

    async def _slow_down(self, method: str) -> None:
        seconds = self.delays.get(method)
        if seconds is None or self._released is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._released.wait(), seconds)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        self.calls.clear()

    async def wait_for(self, method: str, count: int = 1,
                       timeout: float = 5.0) -> list[Call]:  # noqa: ASYNC109  # a test's bound
        """Wait until `count` calls of `method` arrived; TimeoutError otherwise."""
        await self.wait_until(lambda calls: len(self.of(method)) >= count, limit=timeout)
        return self.of(method)

    async def wait_until(self, done: Callable[[list[Call]], bool], *, limit: float = 5.0
                         ) -> list[Call]:
        """Wait until `done(calls)` holds; TimeoutError after `limit` seconds."""
        assert self._changed is not None
        async with asyncio.timeout(limit), self._changed:
            await self._changed.wait_for(lambda: done(self.calls))
        return self.calls

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    def _scripted_failure(self, method: str) -> Failure | None:
        queue = self.failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    # --- handlers -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.read()
        content_type = request.headers.get("Content-Type", "")
        args: dict[str, Any]
        if "json" in content_type:
            args = json.loads(raw or b"{}")
        elif "multipart" in content_type:
            args = {}
        else:
            args = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        args.update({k: v for k, v in request.query.items() if k not in args})
        args = _decode_json_fields(args)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth else args.pop("token", None)
        failure = self._scripted_failure(method)
        await self._record(Call(method, args, token))
        await self._slow_down(method)
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            if failure.status != 200:
                return web.json_response({"ok": False, "error": failure.error or "fatal_error"},
                                         status=failure.status, headers=headers)
            return web.json_response({"ok": False, "error": failure.error}, headers=headers)
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        ts = f"{1_700_000_000 + n}.{n:06d}"
        if method == "auth.test":
            return {"ok": True, "url": "https://local.slack.test/", "team": "Local",
                    "user": "kpibot", "team_id": "T0LOCAL", "user_id": "U0BOT",
                    "bot_id": "B0BOT", "is_enterprise_install": False}
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": ts,
                    "message": {"text": args.get("text", ""), "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method in ("views.open", "views.push", "views.update", "views.publish"):
            raw_view = args.get("view")
            view: dict[str, Any] = raw_view if isinstance(raw_view, dict) else {}
            return {"ok": True, "view": {**view, "id": f"V{n:08d}", "hash": f"h{n}",
                                         "team_id": "T0LOCAL", "app_id": "A0LOCAL"}}
        if method == "conversations.open":
            users = str(args.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0][1:]}}
        if method == "users.info":
            return self._user_answer(str(args.get("user", "")))
        if method == "users.lookupByEmail":
            found = [u for u in self.users.values() if u.email == args.get("email")]
            return self._user_answer(found[0].id) if found else {"ok": False,
                                                                 "error": "users_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{n:08d}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")}
                                          for f in files if isinstance(f, dict)]}
        return {"ok": True}

    def _user_answer(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id) or SlackUser(user_id, user_id.lower(), user_id,
                                                    f"{user_id.lower()}@example.com")
        return {"ok": True, "user": {
            "id": user.id, "name": user.name, "real_name": user.real_name, "tz": user.tz,
            "locale": user.locale, "is_bot": False, "deleted": False,
            "profile": {"real_name": user.real_name, "display_name": user.name,
                        "email": user.email},
        }}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Call("response_url", body, target=request.match_info["id"]))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        await self._record(Call("upload", {"bytes": data}, target=request.match_info["id"]))
        return web.Response(text="OK - " + str(len(data)))
