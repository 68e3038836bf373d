"""Team settings: the modal's content, and saving a SettingsInput from any front door (the
modal's reader is bot/blocks/settings_form.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.blocks.settings_modal import NEW_TEAM_ID, SettingsForm
from bot.inputs import FieldErrors, PeopleChange, Problem, SettingsInput, TeamDraft
from bot.insights.benchmarks import MOTIONS
from bot.insights.stale_setting import MAX_STALE_DAYS
from bot.kpi.periods import local_today
from bot.kpi.schedule import parse_slots
from bot.services.access import Access, NotAllowed, manageable_teams
from bot.services.teams import team_workdays
from storage import people
from storage.models import DEFAULT_CURRENCY, Team
from storage.people import TeamFields
from storage.session import Session


def settings_form(session: Session, access: Access, *, team_id: int | None, default_tz: str,
                  rev: int = 0) -> SettingsForm:
    teams = manageable_teams(session=session, access=access)
    if not teams and not access.is_admin:
        raise NotAllowed
    choices = [(t.id, t.name) for t in teams if t.id is not None]
    if team_id == NEW_TEAM_ID and access.is_admin:
        return SettingsForm(
            team_id=NEW_TEAM_ID, teams=choices, can_create=True, name="", channel_id=None,
            timezone=default_tz, currency=DEFAULT_CURRENCY, managers=[], members=[],
            workdays=frozenset(range(5)), scorecard_weekday=0, scorecard_time="09:00",
            nudges=parse_slots(str(Team.model_fields["nudge_schedule"].default))[0],
            leaderboard_size=5, stretch_pct=10, rev=rev,
            nudge_behind_pct=int(str(Team.model_fields["nudge_behind_pct"].default)))
    team = next((t for t in teams if t.id == team_id), teams[0] if teams else None)
    if team is None or team.id is None:
        raise NotAllowed
    return SettingsForm(
        team_id=team.id, teams=choices, can_create=access.is_admin, name=team.name,
        channel_id=team.channel_id, timezone=team.timezone, currency=team.currency,
        managers=people.team_member_ids(session=session, team_id=team.id, role="manager"),
        members=people.team_member_ids(session=session, team_id=team.id, role="sdr"),
        workdays=team_workdays(team), scorecard_weekday=team.scorecard_weekday,
        scorecard_time=team.scorecard_time, nudges=parse_slots(team.nudge_schedule)[0],
        leaderboard_size=team.leaderboard_size, stretch_pct=team.stretch_pct, rev=rev,
        nudge_behind_pct=team.nudge_behind_pct, motion=team.motion, stale_days=team.stale_days)


def team_choices(session: Session, access: Access, *, query: str
                 ) -> tuple[list[tuple[int, str]], bool]:
    """The teams this user may pick in the settings modal whose name holds `query` (any
    case), and whether they may create one; NotAllowed for someone who may change none."""
    teams = manageable_teams(session=session, access=access)
    if not teams and not access.is_admin:
        raise NotAllowed
    wanted = query.strip().casefold()
    return ([(t.id, t.name) for t in teams if t.id is not None and wanted in t.name.casefold()],
            access.is_admin)


def settings_conflicts(session: Session, access: Access, draft: TeamDraft
                       ) -> dict[str, Problem]:
    """What the database says against these settings, by field name: a name another team
    has, an SDR of another team (only an admin may move one)."""
    errors: dict[str, Problem] = {}
    if draft.name:
        clash = people.team_named(session=session, name=draft.name)
        if clash is not None and (draft.team_id is None or clash.id != draft.team_id):
            errors["name"] = ("settings.name_taken", {"name": draft.name})
    elsewhere = [] if access.is_admin else people.sdrs_in_other_teams(
        session=session, user_ids=draft.members, team_id=draft.team_id)
    if elsewhere:
        errors["members"] = ("settings.in_other_team",
                             {"users": ", ".join(f"<@{u}>" for u in elsewhere[:5])})
    return errors


@dataclass(frozen=True)
class SavedSettings:
    team: Team
    created: bool
    managerless: bool  # saved by an admin with no manager left: only admins can change it


def _changed(current: list[str], change: PeopleChange) -> list[str]:
    removed = set(change.removed)
    kept = [u for u in current if u not in removed]
    return kept + [u for u in change.added if u not in kept]


def _people(session: Session, access: Access, given: SettingsInput
            ) -> tuple[list[str], list[str]]:
    """The team's managers and SDRs once the form's changes are made to those it has now:
    nobody the form did not name changes role. FieldErrors for changes that cannot be."""
    def now(role: str) -> list[str]:
        if given.team_id is None:
            return []
        return people.team_member_ids(session=session, team_id=given.team_id, role=role)
    sdrs = now("sdr")
    managers = _changed(now("manager"), given.managers)
    members = _changed(sdrs, given.members)
    errors: dict[str, Problem] = {}
    strangers = [u for u in given.members.removed if u not in sdrs]
    if strangers:
        errors["members_removed"] = ("settings.not_in_team",
                                     {"users": ", ".join(f"<@{u}>" for u in strangers[:5])})
    if set(managers) & set(members):
        errors["members"] = ("settings.both_roles", {})
    if not managers and not access.is_admin:
        # a manager would lock themselves and everyone else out: only admins could come back
        errors["managers"] = ("settings.no_managers", {})
    if errors:
        raise FieldErrors(errors)
    return managers, members


def save_settings(session: Session, access: Access, given: SettingsInput, *,
                  now: datetime | None = None) -> SavedSettings:
    """Create (team_id None, admins) or update a team the user manages; NotAllowed for a team
    they may not, FieldErrors (by field name) for what clashes with the database. Only the
    people the input names change role; a manager may not leave a team without managers
    (an admin may: admins change every team). SDRs join and leave from the team's today at
    `now` (membership has history)."""
    creating = given.team_id is None
    if creating and not access.is_admin:
        raise FieldErrors({"team_id": ("settings.not_allowed", {})})
    if not creating and not any(t.id == given.team_id
                                for t in manageable_teams(session=session, access=access)):
        raise NotAllowed
    errors = settings_conflicts(session, access, TeamDraft(given.team_id, given.name,
                                                           given.members.added))
    errors.update(_insight_problems(given))
    if errors:
        raise FieldErrors(errors)
    managers, members = _people(session, access, given)
    fields = TeamFields(
        name=given.name, channel_id=given.channel_id, timezone=given.timezone,
        currency=given.currency, workdays=",".join(str(d) for d in sorted(given.workdays)),
        scorecard_weekday=given.scorecard_weekday,
        scorecard_time=f"{given.scorecard_time:%H:%M}", nudge_schedule=given.nudge_schedule,
        leaderboard_size=given.leaderboard_size, stretch_pct=given.stretch_pct,
        nudge_behind_pct=given.nudge_behind_pct, motion=given.motion,
        stale_days=given.stale_days)
    team = people.save_team(session=session, team_id=given.team_id, fields=fields,
                            managers=managers, members=members, actor_id=access.user_id,
                            since=local_today(given.timezone, now) if now else None)
    return SavedSettings(team, creating, managerless=not managers)


def _insight_problems(given: SettingsInput) -> dict[str, Problem]:
    """The motion and the stale days, checked before anything is stored: they are saved with
    the rest of the settings, in one transaction."""
    errors: dict[str, Problem] = {}
    if given.motion is not None and given.motion not in MOTIONS:
        errors["motion"] = ("settings.bad_choice", {})
    if given.stale_days is not None and not 1 <= given.stale_days <= MAX_STALE_DAYS:
        errors["stale_days"] = ("settings.number_range", {"low": 1, "high": MAX_STALE_DAYS})
    return errors
