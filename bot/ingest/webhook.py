"""POST /ingest/activities: how a CRM workflow feeds the bot.

JSON, one activity object or a list of them, each with the import's fields. Bearer token
KPI_INGEST_TOKEN (404 when none is configured: the endpoint does not exist), a body limit
(413), every item checked before any is stored (400 lists each bad item's index and reason),
all or nothing, idempotent by external_id.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import utc_now
from bot.ingest.dates import ISO, DateError, DateReader
from bot.ingest.record import (
    FIELDS,
    ActivityRecord,
    RecordError,
    check_record,
    record_from_fields,
)
from bot.services.activity_ingest import store_records
from bot.slack_ids import is_user_id
from storage import imports
from storage.db import Store

logger = logging.getLogger(__name__)
PATH = "/ingest/activities"
MAX_BODY = 1024 * 1024
MAX_ITEMS = 5000
ACTOR = "webhook"
UTC = ZoneInfo("UTC")
Handler = Callable[[web.Request], Awaitable[web.Response]]


def _error(status: int, error: str, **extra: Any) -> web.Response:
    return web.json_response({"ok": False, "error": error, **extra}, status=status)


def ingest_handler(store: Store, *, token: SecretStr | None, client: AsyncWebClient | None,
                   now: Callable[[], datetime] = utc_now) -> Handler:
    emails: dict[str, str | None] = {}  # e-mail -> Slack user ID, per process

    async def handle(request: web.Request) -> web.Response:
        if token is None:
            return _error(404, "not_found")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        expected = token.get_secret_value().encode()
        # compare_digest on every request, whatever the scheme: the answer's timing says nothing
        if not hmac.compare_digest(given.strip().encode(), expected) \
                or scheme.lower() != "bearer":
            return web.json_response({"ok": False, "error": "invalid_token"}, status=401,
                                     headers={"WWW-Authenticate": "Bearer"})
        if (request.content_length or 0) > MAX_BODY:
            return _error(413, "too_large", limit_bytes=MAX_BODY)
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return _error(413, "too_large", limit_bytes=MAX_BODY)
        try:
            payload = json.loads(body)
        except ValueError:
            return _error(400, "invalid_json")
        items = payload if isinstance(payload, list) else [payload]
        if len(items) > MAX_ITEMS:
            return _error(413, "too_many_items", limit_items=MAX_ITEMS)
        if not items:
            return _error(400, "no_items")
        records, errors = await _check(items)
        if errors:
            return _error(400, "invalid_items", errors=errors)
        summary = await store.run(
            store_records, records=records, origin="api", actor_id=ACTOR,
            action="activity.ingest", subject="webhook",
            detail={"items": len(records), "remote": request.remote or ""})
        return web.json_response({"ok": True, "stored": summary.rows})

    async def _check(items: list[Any]) -> tuple[list[ActivityRecord], list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []
        fields_of: list[tuple[int, dict[str, str]]] = []
        for index, item in enumerate(items):
            try:
                fields_of.append((index, _fields(item)))
            except RecordError as exc:
                errors.append({"index": index, "error": str(exc)})
        wanted = {f["user"].strip().lower() for _, f in fields_of
                  if not is_user_id(f["user"].strip())}
        await _resolve(wanted)
        resolved: list[tuple[int, dict[str, str]]] = []
        for index, fields in fields_of:
            user = fields["user"].strip()
            user_id = user if is_user_id(user) else emails.get(user.lower())
            if user_id is None:
                errors.append({"index": index,
                               "error": f"no Slack user has the e-mail {user[:80]}"})
                continue
            resolved.append((index, {**fields, "user": user_id}))
        zones = await store.run(imports.timezones, user_ids={f["user"] for _, f in resolved})
        records = []
        moment = now()
        for index, fields in resolved:
            zone = ZoneInfo(zones[fields["user"]])
            try:
                day = _day(fields.get("date", ""), zone)
                record = record_from_fields(fields, day=day)
                records.append(check_record(record, today=moment.astimezone(zone).date(),
                                            max_days_back=None))
            except (RecordError, DateError) as exc:
                errors.append({"index": index, "error": str(exc)})
        errors.sort(key=lambda e: int(e["index"]))
        return records, errors

    async def _resolve(wanted: set[str]) -> None:
        unknown = [e for e in wanted if e not in emails]
        if not unknown:
            return
        emails.update(await store.run(imports.user_ids_by_email, emails=unknown))
        for email in unknown:
            if email in emails or client is None:
                continue
            try:
                answer = await client.users_lookupByEmail(email=email)
                emails[email] = str((answer.get("user") or {}).get("id") or "") or None
            except SlackApiError as exc:
                if exc.response.get("error") != "users_not_found":
                    raise
                emails[email] = None

    return handle


def _fields(item: object) -> dict[str, str]:
    """An item's fields as text, as a CSV row would hold them."""
    if not isinstance(item, dict):
        raise RecordError("each item must be a JSON object")
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        raise RecordError(f"unknown field(s) {', '.join(unknown)[:80]}; fields are "
                          + ", ".join(FIELDS))
    out: dict[str, str] = {}
    for name, value in item.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise RecordError(f"{name} must be text or a number")
        out[name] = str(value)
    if not out.get("user"):
        raise RecordError("user is missing")
    return out


def _day(text: str, zone: ZoneInfo) -> date:
    """An ISO date, or an ISO date and time (with an offset, else UTC), as the user's day."""
    return DateReader(ISO, UTC, zone).day(text)
