"""The team settings modal: name, channel, time zone, people, working days, schedules.

Big organisations stay reachable: past 100 choices the team picker searches (an
external_select answered by team_search_options), and a team with more SDRs than one list
shows gets "Add SDRs" and "Remove SDRs" pickers instead. The form's reader turns what was
shown and what came back into changes, so nobody who was not shown is ever removed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.blocks import ids
from bot.blocks.text import Block, context, plain, redrawing_select, section
from bot.i18n import Translator
from bot.insights.benchmarks import DEFAULT_MOTION, MOTIONS
from bot.insights.stale_setting import DEFAULT_STALE_DAYS, MAX_STALE_DAYS
from bot.kpi.schedule import DAY_NAMES, Slot, describe_slots
from bot.kpi.words import words_for

CURRENCIES = ("USD", "EUR", "GBP", "NOK", "SEK", "DKK", "CAD", "AUD", "CHF", "JPY")
NEW_TEAM_ID = 0
MAX_OPTIONS = 100  # Slack's limit for a static select and for one answer of options
MAX_PEOPLE = 100  # users shown in one people picker, and picked in one at most
SETTINGS_ADD_SDRS_BLOCK = "settings_add_sdrs"
SETTINGS_REMOVE_SDRS_BLOCK = "settings_remove_sdrs"
SETTINGS_DONE_MODAL = "settings_saved"
SETTINGS_MOTION_BLOCK = "settings_motion"
SETTINGS_STALE_BLOCK = "settings_stale_days"


@dataclass(frozen=True)
class SettingsForm:
    team_id: int  # NEW_TEAM_ID for a team being created
    teams: Sequence[tuple[int, str]]  # what the picker offers
    can_create: bool
    name: str
    channel_id: str | None
    timezone: str
    currency: str
    managers: Sequence[str]
    members: Sequence[str]
    workdays: frozenset[int]
    scorecard_weekday: int
    scorecard_time: str
    nudges: Sequence[Slot]
    leaderboard_size: int
    stretch_pct: int
    rev: int = 0
    nudge_behind_pct: int = 10  # behind by this share of expected-to-date before a nudge
    motion: str = DEFAULT_MOTION  # picks the industry bands shown beside the numbers
    stale_days: int = DEFAULT_STALE_DAYS  # working days without a log before an SDR is stale


def _input(block_id: str, label: str, element: Block, *, rev: int, optional: bool = False,
           hint: str | None = None) -> Block:
    element = {**element, "action_id": ids.SETTINGS_VALUE_ACTION}
    block: Block = {"type": "input", "block_id": f"{block_id}:{rev}", "label": plain(label),
                    "optional": optional, "element": element}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _day_options(tr: Translator) -> list[Block]:
    return [{"text": plain(tr.weekday(i)), "value": str(i)} for i in range(len(DAY_NAMES))]


def _team_choices(teams: Sequence[tuple[int, str]], can_create: bool, tr: Translator
                  ) -> list[tuple[str, str]]:
    choices = [(str(team_id), name) for team_id, name in teams]
    if can_create:
        choices.append((str(NEW_TEAM_ID), tr.t("settings.new_team")))
    return choices


def _option(value: str, text: str) -> Block:
    return {"text": plain(text[:75]), "value": value}


def team_search_options(teams: Sequence[tuple[int, str]], *, can_create: bool,
                        tr: Translator) -> list[Block]:
    """What the searching team picker offers for the teams a search found: "new team" first
    for admins, at most MAX_OPTIONS (typing more narrows the search)."""
    found = [(str(team_id), name) for team_id, name in teams]
    if can_create:
        found.insert(0, (str(NEW_TEAM_ID), tr.t("settings.new_team")))
    return [_option(value, text) for value, text in found[:MAX_OPTIONS]]


def _team_picker(form: SettingsForm, tr: Translator) -> Block | None:
    choices = _team_choices(form.teams, form.can_create, tr)
    if len(choices) <= 1:
        return None
    if len(choices) <= MAX_OPTIONS:
        return redrawing_select(
            block_id=ids.SETTINGS_PICK_BLOCK, action_id=ids.SETTINGS_PICK_ACTION,
            label=tr.t("settings.team"), options=choices, selected=str(form.team_id))
    current = next(((v, t) for v, t in choices if v == str(form.team_id)), choices[0])
    return {
        "type": "input", "block_id": ids.SETTINGS_PICK_BLOCK, "dispatch_action": True,
        "label": plain(tr.t("settings.team")),
        "element": {"type": "external_select", "action_id": ids.SETTINGS_PICK_ACTION,
                    "placeholder": plain(tr.t("settings.team_search"), 150),
                    "min_query_length": 0, "initial_option": _option(*current)},
    }


def _people_blocks(form: SettingsForm, tr: Translator, rev: int) -> list[Block]:
    managers: Block = {"type": "multi_users_select", "max_selected_items": MAX_PEOPLE}
    if form.managers:
        # the reader removes only managers shown here and then unpicked
        managers["initial_users"] = list(form.managers)[:MAX_PEOPLE]
    blocks = [_input(ids.SETTINGS_MANAGERS_BLOCK, tr.t("settings.managers"), managers,
                     rev=rev, optional=True)]
    if len(form.members) < MAX_PEOPLE:  # listed while the list has room for one more
        members: Block = {"type": "multi_users_select", "max_selected_items": MAX_PEOPLE}
        if form.members:
            members["initial_users"] = list(form.members)
        blocks.append(_input(ids.SETTINGS_MEMBERS_BLOCK, tr.t("settings.members"), members,
                             rev=rev, optional=True, hint=tr.t("settings.members_hint")))
        return blocks
    picker: Block = {"type": "multi_users_select", "max_selected_items": MAX_PEOPLE}
    return [*blocks, context(tr.t("settings.sdr_count", count=len(form.members))),
            _input(SETTINGS_ADD_SDRS_BLOCK, tr.t("settings.add_members"), picker, rev=rev,
                   optional=True, hint=tr.t("settings.members_hint")),
            _input(SETTINGS_REMOVE_SDRS_BLOCK, tr.t("settings.remove_members"), picker,
                   rev=rev, optional=True)]


def _insight_fields(form: SettingsForm, tr: Translator, rev: int) -> list[Block]:
    """The team's sales motion (which industry bands it is compared with) and after how many
    working days without a log an SDR shows as stale."""
    motions = [_option(m, tr.t(f"settings.motion.{m}")) for m in MOTIONS]
    return [
        _input(SETTINGS_MOTION_BLOCK, tr.t("settings.motion"),
               {"type": "static_select", "options": motions,
                "initial_option": next((o for o in motions if o["value"] == form.motion),
                                       motions[0])}, rev=rev,
               hint=tr.t("settings.motion_hint")),
        _input(SETTINGS_STALE_BLOCK, tr.t("settings.stale_days"),
               {"type": "number_input", "is_decimal_allowed": False, "min_value": "1",
                "max_value": str(MAX_STALE_DAYS), "initial_value": str(form.stale_days)},
               rev=rev, hint=tr.t("settings.stale_days_hint")),
    ]


def build_settings_modal(form: SettingsForm, *, tr: Translator) -> Block:
    blocks: list[Block] = []
    picker = _team_picker(form, tr)
    if picker is not None:
        blocks.append(picker)
    rev = form.rev
    name: Block = {"type": "plain_text_input", "max_length": 80}
    if form.name:
        name["initial_value"] = form.name
    blocks.append(_input(ids.SETTINGS_NAME_BLOCK, tr.t("settings.name"), name, rev=rev))
    channel: Block = {"type": "conversations_select",
                      "filter": {"include": ["public", "private"],
                                 "exclude_bot_users": True, "exclude_external_shared_channels":
                                 True}}
    if form.channel_id:
        channel["initial_conversation"] = form.channel_id
    blocks.append(_input(ids.SETTINGS_CHANNEL_BLOCK, tr.t("settings.channel"), channel, rev=rev,
                         optional=True, hint=tr.t("settings.channel_hint")))
    blocks.append(_input(ids.SETTINGS_TZ_BLOCK, tr.t("settings.timezone"),
                         {"type": "plain_text_input", "max_length": 64,
                          "initial_value": form.timezone}, rev=rev,
                         hint=tr.t("settings.timezone_hint")))
    currencies = [{"text": plain(c), "value": c} for c in CURRENCIES]
    blocks.append(_input(ids.SETTINGS_CURRENCY_BLOCK, tr.t("settings.currency"),
                         {"type": "static_select", "options": currencies,
                          "initial_option": next((o for o in currencies
                                                  if o["value"] == form.currency),
                                                 currencies[0])}, rev=rev,
                         hint=tr.t("settings.currency_hint")))
    blocks.extend(_people_blocks(form, tr, rev))
    days = _day_options(tr)
    workdays: Block = {"type": "checkboxes", "options": days}
    chosen = [o for o in days if int(o["value"]) in form.workdays]
    if chosen:
        workdays["initial_options"] = chosen
    blocks.append(_input(ids.SETTINGS_WORKDAYS_BLOCK, tr.t("settings.workdays"), workdays,
                         rev=rev))
    blocks.append(_input(ids.SETTINGS_SCORECARD_DAY_BLOCK, tr.t("settings.scorecard_day"),
                         {"type": "static_select", "options": days,
                          "initial_option": days[form.scorecard_weekday % 7]}, rev=rev))
    blocks.append(_input(ids.SETTINGS_SCORECARD_TIME_BLOCK, tr.t("settings.scorecard_time"),
                         {"type": "timepicker", "initial_time": form.scorecard_time}, rev=rev))
    nudges: Block = {"type": "plain_text_input", "max_length": 120}
    if form.nudges:
        nudges["initial_value"] = describe_slots(list(form.nudges),
                                                  words=words_for(tr.language))
    blocks.append(_input(ids.SETTINGS_NUDGES_BLOCK, tr.t("settings.nudges"), nudges, rev=rev,
                         optional=True, hint=tr.t("settings.nudges_hint")))
    blocks.append(_input(ids.SETTINGS_LEADERBOARD_BLOCK, tr.t("settings.leaderboard"),
                         {"type": "number_input", "is_decimal_allowed": False, "min_value": "1",
                          "max_value": "20", "initial_value": str(form.leaderboard_size)},
                         rev=rev))
    blocks.append(_input(ids.SETTINGS_STRETCH_BLOCK, tr.t("settings.stretch"),
                         {"type": "number_input", "is_decimal_allowed": False, "min_value": "0",
                          "max_value": "100", "initial_value": str(form.stretch_pct)}, rev=rev,
                         hint=tr.t("settings.stretch_hint")))
    blocks.append(_input(ids.SETTINGS_NUDGE_SHARE_BLOCK, tr.t("settings.nudge_share"),
                         {"type": "number_input", "is_decimal_allowed": False, "min_value": "0",
                          "max_value": "100", "initial_value": str(form.nudge_behind_pct)},
                         rev=rev, hint=tr.t("settings.nudge_share_hint")))
    blocks.extend(_insight_fields(form, tr, rev))
    blocks.append(context(tr.t("settings.footer")))
    return {
        "type": "modal",
        "callback_id": ids.SETTINGS_MODAL,
        "title": plain(tr.t("settings.title"), 24),
        "submit": plain(tr.t("settings.submit"), 24),
        "close": plain(tr.t("modal.cancel"), 24),
        "private_metadata": json.dumps({"team_id": form.team_id, "rev": rev}),
        "blocks": blocks,
    }


def build_settings_saved_modal(*, summary: str, tr: Translator) -> Block:
    """What the settings modal turns into once saved."""
    return {
        "type": "modal",
        "callback_id": SETTINGS_DONE_MODAL,
        "title": plain(tr.t("settings.title"), 24),
        "close": plain(tr.t("settings.done"), 24),
        "blocks": [section(summary[:3000])],
    }
