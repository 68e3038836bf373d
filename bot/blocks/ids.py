"""action_id, callback_id and block_id constants shared by builders and listeners."""

from __future__ import annotations

SCORECARD_PERIOD = "scorecard_period"  # button value: a PeriodChoice token such as "last week"
OPEN_LOG_MODAL = "open_log_modal"
OPEN_MY_KPIS = "open_my_kpis"

LOG_MODAL = "log_modal"
LOG_DATE_BLOCK = "log_date"
LOG_DATE_ACTION = "date"
LOG_SOURCE_BLOCK = "log_source"
LOG_SOURCE_ACTION = "source"
LOG_NOTE_BLOCK = "log_note"
LOG_NOTE_ACTION = "note"
LOG_METRIC_PREFIX = "log_metric_"  # + Metric value, the block_id of each number field
LOG_METRIC_ACTION = "value"

OPEN_TARGETS_MODAL = "open_targets_modal"
OPEN_SETTINGS_MODAL = "open_settings_modal"

TARGETS_MODAL = "targets_modal"
TARGETS_DONE_MODAL = "targets_saved"
TARGETS_TEAM_BLOCK = "targets_team"
TARGETS_TEAM_ACTION = "targets_team_pick"
TARGETS_SDRS_BLOCK = "targets_sdrs"
TARGETS_SDRS_ACTION = "targets_sdrs_pick"
TARGETS_DEFAULT_BLOCK = "targets_default"
TARGETS_DEFAULT_ACTION = "targets_default_pick"
TARGETS_KIND_BLOCK = "targets_kind"
TARGETS_KIND_ACTION = "targets_kind_pick"
TARGETS_FROM_BLOCK = "targets_from"
TARGETS_FROM_ACTION = "targets_from_pick"
TARGETS_START_BLOCK = "targets_start"  # the picked SDRs' first day, for their ramp-up
TARGETS_START_ACTION = "targets_start_pick"
# Changing any of these redraws the modal with the values in force for the new selection.
TARGETS_REDRAW_ACTIONS = (TARGETS_TEAM_ACTION, TARGETS_SDRS_ACTION, TARGETS_DEFAULT_ACTION,
                          TARGETS_KIND_ACTION)
# Number fields are "tgt:<metric>:<rev>": a new rev makes Slack show new pre-filled values when
# the modal is redrawn for another SDR or period kind (it keeps typed values per block_id).
TARGET_FIELD_PREFIX = "tgt:"
TARGET_FIELD_ACTION = "value"

SETTINGS_MODAL = "settings_modal"
SETTINGS_PICK_BLOCK = "settings_team"
SETTINGS_PICK_ACTION = "settings_team_pick"

SHOW_TEAM_SCORECARD = "show_team_scorecard"  # App Home button: the team scorecard in a modal
TEAM_SCORECARD_MODAL = "team_scorecard_modal"
TEAM_PERIOD = "team_period"  # + ":" + token; value "<token>|<team id>", re-authorised on click
TEAM_PERIOD_BLOCK = "team_period"
TEAM_PICK = "team_pick"  # static select of teams; option value as TEAM_PERIOD's
TEAM_PICK_BLOCK = "team_pick"
HOME_ACTIONS_BLOCK = "home_actions"
HOME_MANAGER_BLOCK = "home_manager"
SETTINGS_NAME_BLOCK = "settings_name"
SETTINGS_CHANNEL_BLOCK = "settings_channel"
SETTINGS_TZ_BLOCK = "settings_timezone"
SETTINGS_CURRENCY_BLOCK = "settings_currency"
SETTINGS_MANAGERS_BLOCK = "settings_managers"
SETTINGS_MEMBERS_BLOCK = "settings_members"
SETTINGS_WORKDAYS_BLOCK = "settings_workdays"
SETTINGS_SCORECARD_DAY_BLOCK = "settings_scorecard_day"
SETTINGS_SCORECARD_TIME_BLOCK = "settings_scorecard_time"
SETTINGS_NUDGES_BLOCK = "settings_nudges"
SETTINGS_LEADERBOARD_BLOCK = "settings_leaderboard"
SETTINGS_STRETCH_BLOCK = "settings_stretch"
SETTINGS_NUDGE_SHARE_BLOCK = "settings_nudge_share"
SETTINGS_VALUE_ACTION = "value"  # every settings field but the team picker
