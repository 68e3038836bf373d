"""Team settings: the modal's content and a submission's validation and storage."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, select

from bot.blocks import ids
from bot.blocks.settings_modal import CURRENCIES, NEW_TEAM_ID, SettingsForm
from bot.kpi.post_schedule import parse_time
from bot.kpi.schedule import format_slots, parse_slots
from bot.services.access import Access, manageable_teams
from bot.services.log_form import FormErrors
from bot.services.targets import NotAllowed, metadata
from bot.services.teams import team_workdays
from bot.slack_ids import is_channel_id, is_user_id
from storage.models import AuditEvent, Member, Person, Team

MAX_PEOPLE = 100
MAX_NUDGES = 7


def _people(session: Session, team_id: int, role: str) -> list[str]:
    return list(session.exec(select(Member.user_id).where(
        Member.team_id == team_id, Member.role == role).order_by(col(Member.user_id))).all())


def settings_form(session: Session, access: Access, *, team_id: int | None, default_tz: str,
                  rev: int = 0) -> SettingsForm:
    teams = manageable_teams(session=session, access=access)
    if not teams and not access.is_admin:
        raise NotAllowed
    choices = [(t.id, t.name) for t in teams if t.id is not None]
    if team_id == NEW_TEAM_ID and access.is_admin:
        return SettingsForm(
            team_id=NEW_TEAM_ID, teams=choices, can_create=True, name="", channel_id=None,
            timezone=default_tz, currency="USD", managers=[], members=[],
            workdays=frozenset(range(5)), scorecard_weekday=0, scorecard_time="09:00",
            nudges=parse_slots(str(Team.model_fields["nudge_schedule"].default))[0],
            leaderboard_size=5, stretch_pct=10, rev=rev)
    team = next((t for t in teams if t.id == team_id), teams[0] if teams else None)
    if team is None or team.id is None:
        raise NotAllowed
    return SettingsForm(
        team_id=team.id, teams=choices, can_create=access.is_admin, name=team.name,
        channel_id=team.channel_id, timezone=team.timezone, currency=team.currency,
        managers=_people(session, team.id, "manager"), members=_people(session, team.id, "sdr"),
        workdays=team_workdays(team), scorecard_weekday=team.scorecard_weekday,
        scorecard_time=team.scorecard_time, nudges=parse_slots(team.nudge_schedule)[0],
        leaderboard_size=team.leaderboard_size, stretch_pct=team.stretch_pct, rev=rev)


def picked_team(view: Mapping[str, Any]) -> int | None:
    """The team the picker shows (or the metadata's); a hint, re-authorised on every use."""
    values = (view.get("state") or {}).get("values") or {}
    block = values.get(ids.SETTINGS_PICK_BLOCK) if isinstance(values, Mapping) else None
    element = block.get(ids.SETTINGS_PICK_ACTION) if isinstance(block, Mapping) else None
    option = element.get("selected_option") if isinstance(element, Mapping) else None
    value = option.get("value") if isinstance(option, Mapping) else None
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return metadata(view).get("team_id")


class _Reader:
    """Field values by block id prefix (ids carry a revision, see bot/blocks/ids.py)."""

    def __init__(self, view: Mapping[str, Any]) -> None:
        values = (view.get("state") or {}).get("values") or {}
        self.values: Mapping[str, Any] = values if isinstance(values, Mapping) else {}
        self.errors: dict[str, tuple[str, dict[str, object]]] = {}
        self.block_ids: dict[str, str] = {}

    def element(self, prefix: str) -> Mapping[str, Any]:
        for block_id, block in self.values.items():
            if isinstance(block_id, str) and block_id.split(":")[0] == prefix:
                self.block_ids[prefix] = block_id
                element = block.get(ids.SETTINGS_VALUE_ACTION) if isinstance(block, Mapping) \
                    else None
                return element if isinstance(element, Mapping) else {}
        self.block_ids.setdefault(prefix, prefix)
        return {}

    def error(self, prefix: str, key: str, **params: object) -> None:
        self.errors[self.block_ids.get(prefix, prefix)] = (key, params)

    def text(self, prefix: str) -> str:
        value = self.element(prefix).get("value")
        return value.strip() if isinstance(value, str) else ""

    def option(self, prefix: str) -> str | None:
        option = self.element(prefix).get("selected_option")
        value = option.get("value") if isinstance(option, Mapping) else None
        return value if isinstance(value, str) else None

    def users(self, prefix: str) -> list[str]:
        users = self.element(prefix).get("selected_users")
        if not isinstance(users, list):
            return []
        if len(users) > MAX_PEOPLE or not all(isinstance(u, str) and is_user_id(u)
                                               for u in users):
            self.error(prefix, "settings.bad_users")
            return []
        return list(dict.fromkeys(users))

    def number(self, prefix: str, low: int, high: int) -> int:
        text = self.text(prefix)
        if not text.isdigit() or not low <= int(text) <= high:
            self.error(prefix, "settings.number_range", low=low, high=high)
            return low
        return int(text)


@dataclass(frozen=True)
class SavedSettings:
    team: Team
    created: bool


def save_settings(session: Session, access: Access, *, view: Mapping[str, Any]
                  ) -> SavedSettings:
    team_id = picked_team(view)
    teams = manageable_teams(session=session, access=access)
    creating = team_id == NEW_TEAM_ID
    if creating and not access.is_admin:
        raise FormErrors({ids.SETTINGS_PICK_BLOCK: ("settings.not_allowed", {})})
    team = None if creating else next((t for t in teams if t.id == team_id), None)
    if not creating and (team is None or not access.can_manage(team.id)):
        raise NotAllowed
    read = _Reader(view)
    name = read.text(ids.SETTINGS_NAME_BLOCK)
    if not name or len(name) > 80:
        read.error(ids.SETTINGS_NAME_BLOCK, "settings.bad_name")
    else:
        clash = session.exec(select(Team).where(Team.name == name)).first()
        if clash is not None and (team is None or clash.id != team.id):
            read.error(ids.SETTINGS_NAME_BLOCK, "settings.name_taken", name=name)
    channel = read.element(ids.SETTINGS_CHANNEL_BLOCK).get("selected_conversation")
    if channel is not None and not (isinstance(channel, str) and is_channel_id(channel)):
        read.error(ids.SETTINGS_CHANNEL_BLOCK, "settings.bad_channel")
        channel = None
    timezone = read.text(ids.SETTINGS_TZ_BLOCK)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        read.error(ids.SETTINGS_TZ_BLOCK, "settings.bad_timezone", text=timezone[:64])
    currency = read.option(ids.SETTINGS_CURRENCY_BLOCK)
    if currency not in CURRENCIES:
        read.error(ids.SETTINGS_CURRENCY_BLOCK, "settings.bad_choice")
    managers = read.users(ids.SETTINGS_MANAGERS_BLOCK)
    members = read.users(ids.SETTINGS_MEMBERS_BLOCK)
    if set(managers) & set(members):
        read.error(ids.SETTINGS_MEMBERS_BLOCK, "settings.both_roles")
    options = read.element(ids.SETTINGS_WORKDAYS_BLOCK).get("selected_options")
    days = {o.get("value") for o in options if isinstance(o, Mapping)} \
        if isinstance(options, list) else set()
    workdays = sorted(int(d) for d in days if isinstance(d, str) and d in "0123456" and d)
    if not workdays or len(workdays) != len(days):
        read.error(ids.SETTINGS_WORKDAYS_BLOCK, "settings.bad_workdays")
    scorecard_day = read.option(ids.SETTINGS_SCORECARD_DAY_BLOCK)
    if scorecard_day is None or scorecard_day not in {str(i) for i in range(7)}:
        read.error(ids.SETTINGS_SCORECARD_DAY_BLOCK, "settings.bad_choice")
    raw_time = read.element(ids.SETTINGS_SCORECARD_TIME_BLOCK).get("selected_time")
    if not isinstance(raw_time, str) or parse_time(raw_time) is None:
        read.error(ids.SETTINGS_SCORECARD_TIME_BLOCK, "settings.bad_time")
    nudges, unreadable = parse_slots(read.text(ids.SETTINGS_NUDGES_BLOCK))
    if unreadable or len(nudges) > MAX_NUDGES:
        read.error(ids.SETTINGS_NUDGES_BLOCK, "settings.bad_nudges",
                   text=(unreadable or [""])[0][:40])
    leaderboard = read.number(ids.SETTINGS_LEADERBOARD_BLOCK, 1, 20)
    stretch = read.number(ids.SETTINGS_STRETCH_BLOCK, 0, 100)
    if not read.errors:
        _check_moves(session, access, read, team, members)
    if read.errors:
        raise FormErrors(read.errors)
    assert currency is not None and scorecard_day is not None and isinstance(raw_time, str)
    at = parse_time(raw_time)
    assert at is not None
    target = team or Team(name=name)
    target.name = name
    target.channel_id = channel
    target.timezone = timezone
    target.currency = currency
    target.workdays = ",".join(str(d) for d in workdays)
    target.scorecard_weekday = int(scorecard_day)
    target.scorecard_time = f"{at:%H:%M}"
    target.nudge_schedule = format_slots(nudges)
    target.leaderboard_size = leaderboard
    target.stretch_pct = stretch
    session.add(target)
    session.flush()
    assert target.id is not None
    _set_people(session, target.id, managers, members)
    session.add(AuditEvent(actor_id=access.user_id,
                           action="team.create" if creating else "team.update",
                           subject=f"team:{target.id}",
                           detail=json.dumps({"name": name, "managers": managers,
                                              "members": members, "channel": channel})))
    session.commit()
    return SavedSettings(target, creating)


def _check_moves(session: Session, access: Access, read: _Reader, team: Team | None,
                 members: list[str]) -> None:
    """An SDR belongs to one team: only an admin may move one from another team."""
    if access.is_admin or not members:
        return
    elsewhere = session.exec(select(Member.user_id).where(
        col(Member.user_id).in_(members), Member.role == "sdr",
        Member.team_id != (team.id if team else -1))).all()
    if elsewhere:
        read.error(ids.SETTINGS_MEMBERS_BLOCK, "settings.in_other_team",
                   users=", ".join(f"<@{u}>" for u in list(elsewhere)[:5]))


def _set_people(session: Session, team_id: int, managers: list[str], members: list[str]
                ) -> None:
    wanted = {**{u: "manager" for u in managers}, **{u: "sdr" for u in members}}
    for user_id in wanted:
        if session.get(Person, user_id) is None:
            session.add(Person(user_id=user_id))
    session.flush()
    for row in session.exec(select(Member).where(Member.team_id == team_id)).all():
        if wanted.get(row.user_id) != row.role:
            session.delete(row)
    # An SDR moved here leaves their old team (admins only, checked above).
    for row in session.exec(select(Member).where(
            col(Member.user_id).in_(members), Member.role == "sdr",
            Member.team_id != team_id)).all():
        session.delete(row)
    session.flush()
    existing = set(session.exec(select(Member.user_id).where(Member.team_id == team_id)).all())
    for user_id, role in wanted.items():
        if user_id not in existing:
            session.add(Member(team_id=team_id, user_id=user_id, role=role))
