"""Who a row means: a Slack user ID as given, or an e-mail looked up once per import.

An e-mail is looked up among the people the bot knows, then with Slack's users.lookupByEmail
(scope users:read.email); an address Slack does not know is a row error.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.ingest.record import RecordError
from bot.slack_ids import is_user_id
from storage import imports
from storage.db import Store


class UserDirectory:
    """E-mail -> Slack user ID, and each user's home time zone; both cached for the run."""

    def __init__(self, store: Store, client: WebClient | None) -> None:
        self._store = store
        self._client = client
        self._ids: dict[str, str | None] = {}
        self._zones: dict[str, ZoneInfo] = {}
        self._homes: dict[str, str] | None = None  # user -> home team's zone, read once
        self._default: ZoneInfo | None = None

    def user_id(self, user: str) -> str:
        found = self._ids.get(user)
        if found is not None:
            return found
        if is_user_id(user):
            self._ids[user] = user
            return user
        email = user.lower()
        if email not in self._ids:
            self._ids[email] = self._lookup(email)
        found = self._ids[email]
        if found is None and self._client is None:
            raise RecordError(f"e-mail {email[:80]} is not one the bot knows, and without "
                              "SLACK_BOT_TOKEN it cannot ask Slack")
        if found is None:
            raise RecordError(f"no Slack user has the e-mail {email[:80]}")
        return found

    def _lookup(self, email: str) -> str | None:
        known = self._store.run_sync(imports.user_id_by_email, email=email)
        if known is not None or self._client is None:
            return known
        try:
            answer = self._client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            if exc.response.get("error") == "users_not_found":
                return None
            raise
        user = answer.get("user") or {}
        user_id = user.get("id")
        return str(user_id) if user_id else None

    def zone(self, user_id: str) -> ZoneInfo:
        if user_id not in self._zones:
            if self._homes is None:
                self._homes = self._store.run_sync(imports.home_timezones)
            name = self._homes.get(user_id)
            self._zones[user_id] = ZoneInfo(name) if name else self._default_zone()
        return self._zones[user_id]

    def _default_zone(self) -> ZoneInfo:
        if self._default is None:
            self._default = ZoneInfo(self._store.run_sync(imports.default_timezone))
        return self._default

    def today(self, user_id: str, now: datetime) -> date:
        return now.astimezone(self.zone(user_id)).date()
