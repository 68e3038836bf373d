"""Forms are read at the edge: services take typed inputs from any front door, answer with
errors by field name, and store one save in one transaction; forged ids never crash."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.blocks import ids
from bot.config import Settings
from bot.console.harness import Harness
from bot.inputs import FieldErrors, TargetsInput
from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind
from bot.services.access import run_with_access
from bot.services.targets import save_targets
from storage import people
from storage.db import Store
from storage.models import Target
from storage.targets import NewTarget, TargetsWrite, write_targets
from tests.conftest import NOW
from tests.managers.conftest import Org


def _targets(store: Store) -> list[Target]:
    def read(session: Any) -> list[Target]:
        return list(session.exec(select(Target)).all())
    return store.run_sync(read)


async def test_a_typed_input_saves_targets_without_slack(store: Store, settings: Settings,
                                                         org: Org) -> None:
    given = TargetsInput(team_id=None, user_ids=[org.sdr_a], include_default=False,
                         kind=PeriodKind.WEEK, effective_from=date(2026, 11, 23),
                         values={Metric.CALLS: 150.0}, start_date=date(2026, 10, 1))
    saved = await run_with_access(store, settings, org.manager_a, save_targets, given, now=NOW)
    assert saved.rows == 1 and saved.started == 1
    assert [(t.user_id, t.metric, t.value) for t in _targets(store)] == [
        (org.sdr_a, "calls", 150.0)]


async def test_service_errors_are_keyed_by_field_name(store: Store, settings: Settings,
                                                      org: Org) -> None:
    given = TargetsInput(team_id=None, user_ids=[org.sdr_b], include_default=False,
                         kind=PeriodKind.WEEK, effective_from=date(2020, 1, 6),
                         values={Metric.CALLS: 150.0})
    with pytest.raises(FieldErrors) as raised:
        await run_with_access(store, settings, org.manager_a, save_targets, given, now=NOW)
    assert set(raised.value.errors) == {"user_ids", "effective_from"}
    assert _targets(store) == []


def test_a_start_date_is_never_saved_without_its_targets(store: Store, org: Org) -> None:
    write = TargetsWrite(team_id=987654, kind=PeriodKind.WEEK,  # no such team: the insert fails
                         effective_from=date(2026, 11, 23),
                         targets=[NewTarget(org.sdr_a, Metric.CALLS, 100.0)],
                         user_ids=[org.sdr_a], include_default=False,
                         start_date=date(2026, 10, 1), values={"calls": 100.0})
    with pytest.raises(IntegrityError):
        store.run_sync(write_targets, write=write, actor_id=org.manager_a)
    person = store.run_sync(people.get_person, user_id=org.sdr_a)
    assert person is not None and person.start_date is None
    assert _targets(store) == []


async def test_a_forged_team_id_with_a_superscript_digit_is_refused_not_crashed(
        harness: Harness, org: Org, store: Store) -> None:
    values: dict[str, dict[str, Any]] = {
        ids.TARGETS_TEAM_BLOCK: {ids.TARGETS_TEAM_ACTION: {
            "type": "static_select", "selected_option": {"value": "²"}}},
        ids.TARGETS_SDRS_BLOCK: {ids.TARGETS_SDRS_ACTION: {
            "type": "multi_users_select", "selected_users": [org.sdr_a]}},
        ids.TARGETS_FROM_BLOCK: {ids.TARGETS_FROM_ACTION: {
            "type": "datepicker", "selected_date": "2026-11-23"}},
        f"{ids.TARGET_FIELD_PREFIX}calls:0": {ids.TARGET_FIELD_ACTION: {
            "type": "plain_text_input", "value": "100"}},
    }
    view = {"callback_id": ids.TARGETS_MODAL, "private_metadata": json.dumps({"team_id": "²"}),
            "blocks": []}
    body = harness.requests.view_submission(user_id=org.manager_a, view=view, values=values)
    status, answer = await harness.dispatch(body)
    assert status == 200
    # "²" is no team id: the manager's own team is meant, as with no pick at all
    assert answer is not None and answer.get("response_action") == "update", answer
    assert [(t.user_id, t.value) for t in _targets(store)] == [(org.sdr_a, 100.0)]


async def test_a_forged_team_pick_with_a_superscript_digit_is_answered(
        harness: Harness, org: Org) -> None:
    answer = await harness.click(org.manager_a, {"action_id": ids.TEAM_PICK,
                                                 "value": "week|²"})
    assert answer is None
    [call] = await harness.slack.wait_for("response_url")
    assert "something went wrong" not in json.dumps(call.args).lower()
    assert call.args.get("blocks"), call.args


async def test_a_typed_input_is_checked_like_the_modal(store: Store, settings: Settings,
                                                       org: Org) -> None:
    """A CSV import or a webhook gets the same checks a modal does, by field name."""
    given = TargetsInput(team_id=None, user_ids=[org.sdr_a], include_default=False,
                         kind=PeriodKind.DAY, effective_from=date(2026, 11, 23),
                         values={Metric.CALLS: -5.0, Metric.PIPELINE: 1e12})
    with pytest.raises(FieldErrors) as raised:
        await run_with_access(store, settings, org.manager_a, save_targets, given, now=NOW)
    assert set(raised.value.errors) == {"kind", "values.calls", "values.pipeline"}
    assert _targets(store) == []
