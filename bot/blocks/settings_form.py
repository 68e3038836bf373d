"""Reading the team settings modal (bot/blocks/settings_modal.py) into a SettingsInput."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.blocks import ids
from bot.blocks.form_state import FormErrors, FormState, Problem, parse_id
from bot.blocks.settings_modal import (
    CURRENCIES,
    MAX_PEOPLE,
    NEW_TEAM_ID,
    SETTINGS_ADD_SDRS_BLOCK,
    SETTINGS_MOTION_BLOCK,
    SETTINGS_REMOVE_SDRS_BLOCK,
    SETTINGS_STALE_BLOCK,
)
from bot.inputs import PeopleChange, SettingsInput, TeamDraft
from bot.insights.benchmarks import MOTIONS
from bot.insights.stale_setting import MAX_STALE_DAYS
from bot.kpi.schedule import format_slots, parse_slots, parse_time
from bot.slack_ids import is_channel_id, is_user_id

MAX_NUDGES = 7
MAX_NAME = 80


def picked_team(view: Mapping[str, Any]) -> int | None:
    """The team the picker shows (or the metadata's); a hint, re-authorised on every use."""
    state = FormState(view)
    picked = parse_id(state.option(state.element(ids.SETTINGS_PICK_BLOCK,
                                                 ids.SETTINGS_PICK_ACTION)))
    return picked if picked is not None else state.metadata.get("team_id")


class _Reader:
    def __init__(self, view: Mapping[str, Any]) -> None:
        self.view = view
        self.state = FormState(view)
        self.errors: dict[str, Problem] = {}

    def has(self, prefix: str) -> bool:
        return any(isinstance(b, str) and b.split(":")[0] == prefix for b in self.state.values)

    def shown(self, prefix: str) -> list[str]:
        """The users the modal showed in this picker (its initial_users, as Slack sends the
        view back): the only ones unpicking can remove."""
        for block in self.view.get("blocks") or []:
            block_id = block.get("block_id") if isinstance(block, Mapping) else None
            if isinstance(block_id, str) and block_id.split(":")[0] == prefix:
                element = block.get("element")
                users = element.get("initial_users") if isinstance(element, Mapping) else None
                if isinstance(users, list):
                    return [u for u in users if isinstance(u, str) and is_user_id(u)][
                        :MAX_PEOPLE]
        return []

    def change(self, prefix: str) -> tuple[list[str], PeopleChange]:
        """Who is picked in a list picker, and the change from what it showed."""
        if self.state.users(self.element(prefix)) is None:
            return [], PeopleChange()  # not sent at all (Slack always sends it): no change
        picked = self.users(prefix)
        if self.state.block_id(prefix) in self.errors:
            return [], PeopleChange()
        shown = self.shown(prefix)
        return picked, PeopleChange(added=[u for u in picked if u not in shown],
                                    removed=[u for u in shown if u not in picked])

    def element(self, prefix: str) -> Mapping[str, Any]:
        return self.state.by_prefix(prefix, ids.SETTINGS_VALUE_ACTION)

    def error(self, prefix: str, key: str, **params: object) -> None:
        self.errors[self.state.block_id(prefix)] = (key, params)

    def text(self, prefix: str) -> str:
        return (self.state.text(self.element(prefix)) or "").strip()

    def users(self, prefix: str) -> list[str]:
        users = self.state.users(self.element(prefix))
        if users is None:
            return []
        if len(users) > MAX_PEOPLE or not all(isinstance(u, str) and is_user_id(u)
                                               for u in users):
            self.error(prefix, "settings.bad_users")
            return []
        return list(dict.fromkeys(str(u) for u in users))

    def number(self, prefix: str, low: int, high: int) -> int:
        value = parse_id(self.text(prefix))
        if value is None or not low <= value <= high:
            self.error(prefix, "settings.number_range", low=low, high=high)
            return low
        return value


def read_settings(view: Mapping[str, Any]) -> SettingsInput:
    """The submission as a SettingsInput; FormErrors (by block_id) names every field that
    cannot be read. Who may save it, and name clashes, are the service's to say."""
    team_id = picked_team(view)
    read = _Reader(view)
    if team_id is None:
        raise FormErrors({read.state.block_id(ids.SETTINGS_NAME_BLOCK):
                          ("settings.not_allowed", {})})
    name = read.text(ids.SETTINGS_NAME_BLOCK)
    if not name or len(name) > MAX_NAME:
        read.error(ids.SETTINGS_NAME_BLOCK, "settings.bad_name")
    channel = read.element(ids.SETTINGS_CHANNEL_BLOCK).get("selected_conversation")
    if channel is not None and not (isinstance(channel, str) and is_channel_id(channel)):
        read.error(ids.SETTINGS_CHANNEL_BLOCK, "settings.bad_channel")
        channel = None
    timezone = time_zone_named(read.text(ids.SETTINGS_TZ_BLOCK))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        read.error(ids.SETTINGS_TZ_BLOCK, "settings.bad_timezone", text=timezone[:64])
    currency = read.state.option(read.element(ids.SETTINGS_CURRENCY_BLOCK))
    if currency not in CURRENCIES:
        read.error(ids.SETTINGS_CURRENCY_BLOCK, "settings.bad_choice")
    managers_picked, managers = read.change(ids.SETTINGS_MANAGERS_BLOCK)
    if read.has(SETTINGS_ADD_SDRS_BLOCK):  # a team too big to list: add and remove pickers
        members = PeopleChange(added=read.users(SETTINGS_ADD_SDRS_BLOCK),
                               removed=read.users(SETTINGS_REMOVE_SDRS_BLOCK))
        members_picked = list(members.added)
        if set(members.added) & set(members.removed):
            read.error(SETTINGS_REMOVE_SDRS_BLOCK, "settings.add_and_remove")
        members_block = SETTINGS_ADD_SDRS_BLOCK
    else:
        members_picked, members = read.change(ids.SETTINGS_MEMBERS_BLOCK)
        members_block = ids.SETTINGS_MEMBERS_BLOCK
    if set(managers_picked) & set(members_picked):
        read.error(members_block, "settings.both_roles")
    days = set(read.state.options(read.element(ids.SETTINGS_WORKDAYS_BLOCK)) or [])
    workdays = frozenset(d for d in (parse_id(v) for v in days) if d is not None and d < 7)
    if not workdays or len(workdays) != len(days):
        read.error(ids.SETTINGS_WORKDAYS_BLOCK, "settings.bad_workdays")
    scorecard_day = parse_id(read.state.option(read.element(ids.SETTINGS_SCORECARD_DAY_BLOCK)))
    if scorecard_day is None or scorecard_day > 6:
        read.error(ids.SETTINGS_SCORECARD_DAY_BLOCK, "settings.bad_choice")
    raw_time = read.element(ids.SETTINGS_SCORECARD_TIME_BLOCK).get("selected_time")
    at = parse_time(raw_time) if isinstance(raw_time, str) else None
    if at is None:
        read.error(ids.SETTINGS_SCORECARD_TIME_BLOCK, "settings.bad_time")
    nudges, unreadable = parse_slots(read.text(ids.SETTINGS_NUDGES_BLOCK))
    if unreadable or len(nudges) > MAX_NUDGES:
        read.error(ids.SETTINGS_NUDGES_BLOCK, "settings.bad_nudges",
                   text=(unreadable or [""])[0][:40])
    leaderboard = read.number(ids.SETTINGS_LEADERBOARD_BLOCK, 1, 20)
    stretch = read.number(ids.SETTINGS_STRETCH_BLOCK, 0, 100)
    nudge_share = read.number(ids.SETTINGS_NUDGE_SHARE_BLOCK, 0, 100)
    motion = read.state.option(read.element(SETTINGS_MOTION_BLOCK))
    if motion not in MOTIONS:
        read.error(SETTINGS_MOTION_BLOCK, "settings.bad_choice")
    stale_days = read.number(SETTINGS_STALE_BLOCK, 1, MAX_STALE_DAYS)
    if read.errors:
        draft = TeamDraft(None if team_id == NEW_TEAM_ID else team_id, name, members.added)
        raise FormErrors(read.errors, draft=draft)
    assert currency is not None and scorecard_day is not None and at is not None
    assert motion is not None
    return SettingsInput(
        team_id=None if team_id == NEW_TEAM_ID else team_id, name=name,
        channel_id=channel if isinstance(channel, str) else None, timezone=timezone,
        currency=currency, managers=managers, members=members, workdays=workdays,
        scorecard_weekday=scorecard_day, scorecard_time=at,
        nudge_schedule=format_slots(nudges), leaderboard_size=leaderboard,
        stretch_pct=stretch, nudge_behind_pct=nudge_share, motion=motion,
        stale_days=stale_days)


def block_for(field: str, view: Mapping[str, Any]) -> str:
    """Where the modal shows a service's error about `field` (see bot.inputs.FieldErrors)."""
    state = FormState(view)
    big = state.block_id(SETTINGS_ADD_SDRS_BLOCK) in state.values
    prefix = {"team_id": ids.SETTINGS_PICK_BLOCK,
              "members": SETTINGS_ADD_SDRS_BLOCK if big else ids.SETTINGS_MEMBERS_BLOCK,
              "members_removed": SETTINGS_REMOVE_SDRS_BLOCK if big
              else ids.SETTINGS_MEMBERS_BLOCK,
              "managers": ids.SETTINGS_MANAGERS_BLOCK, "motion": SETTINGS_MOTION_BLOCK,
              "stale_days": SETTINGS_STALE_BLOCK}.get(field, ids.SETTINGS_NAME_BLOCK)
    return state.block_id(prefix)


@cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def time_zone_named(typed: str) -> str:
    """The IANA name a person meant: `europe/oslo` and `Europe/Oslo ` are Europe/Oslo, and
    `america/new york` America/New_York. Anything else comes back as typed, to be refused."""
    return _zones().get("_".join(typed.strip().split()).lower(), typed.strip())
