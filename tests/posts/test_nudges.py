"""Goal nudges: who gets one, what it says, and that nobody gets two for one run."""

from __future__ import annotations

import asyncio
import functools
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.services.nudges import NudgeStatus, Reason, send_nudges
from bot.services.posting import Posting
from storage import people
from storage.db import Store
from storage.models import TimeOff
from tests.conftest import Clock
from tests.posts.seed import TOKEN, SeededTeam, add_team, claims, log

WEEK_49 = date(2026, 11, 30)
WEDNESDAY_1400 = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # the default slot, Oslo time
FRIDAY_1000 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def _team(store: Store) -> SeededTeam:
    """Four SDRs on a Wednesday afternoon: targets 100 calls, 5 meetings, 10 leads a week.

    S00 logged nothing (behind), S01 is ahead, S02 met every target, S03 is behind but off.
    """
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=4, prefix="S",
                    default=True)
    monday = WEEK_49
    log(store, "U0S01", monday, calls=50, meetings_booked=3, leads=5)
    log(store, "U0S02", monday, calls=100, meetings_booked=5, leads=10)
    log(store, "U0S03", monday, calls=10)
    return team


def _dms(slack: LocalSlack) -> dict[str, list[str]]:
    sent: dict[str, list[str]] = {}
    for call in slack.of("chat.postMessage"):
        sent.setdefault(call.args["channel"], []).append(
            json.dumps(call.args["blocks"], ensure_ascii=False))
    return sent


async def test_behind_gets_a_nudge_ahead_nothing_and_a_met_target_a_congratulation(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    _team(store)
    clock.current = WEDNESDAY_1400
    outcomes = {o.user_id: o for o in await send_nudges(posting)}
    assert {u: (o.status, o.reason) for u, o in outcomes.items()} == {
        "U0S00": (NudgeStatus.SENT, Reason.BEHIND),
        "U0S01": (NudgeStatus.SKIPPED, Reason.ON_PACE),
        "U0S02": (NudgeStatus.SENT, Reason.CONGRATS),
        "U0S03": (NudgeStatus.SENT, Reason.BEHIND),
    }
    dms = _dms(slack)
    assert set(dms) == {"U0S00", "U0S02", "U0S03"}
    [behind] = dms["U0S00"]
    # Wednesday: Monday and Tuesday are over, three working days left with today
    assert "3 working days left" in behind
    assert "*Calls*: 0 of 100 so far, 40 expected by now. *34 a day* gets you there." in behind
    assert "*Meetings booked*: 0 of 5 so far" in behind and "*2 a day*" in behind
    assert "Already met" not in behind
    [congrats] = dms["U0S02"]
    assert "already met your weekly target" in congrats
    assert "Calls, Meetings booked, Leads generated" in congrats


async def test_one_nudge_per_sdr_per_run_and_one_congratulation_per_week(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    _team(store)
    clock.current = WEDNESDAY_1400
    await send_nudges(posting)
    clock.current = WEDNESDAY_1400 + timedelta(minutes=30)  # the same run, run again
    again = await send_nudges(posting)
    assert {o.status for o in again if o.reason is not Reason.ON_PACE} == {
        NudgeStatus.ALREADY_SENT}
    assert {u: len(m) for u, m in _dms(slack).items()} == {"U0S00": 1, "U0S02": 1, "U0S03": 1}

    # Friday's run: those still behind are told again (S01's Monday burst no longer keeps
    # pace), and the one who met every target is not congratulated a second time
    clock.current = FRIDAY_1000
    await send_nudges(posting)
    assert {u: len(m) for u, m in _dms(slack).items()} == {
        "U0S00": 2, "U0S01": 1, "U0S02": 1, "U0S03": 2}
    keys = sorted(c.period_key for c in claims(store) if c.kind == "nudge"
                  and c.status == "posted")
    assert keys == ["2026-W49:2@14:00:U0S00", "2026-W49:2@14:00:U0S02",
                    "2026-W49:2@14:00:U0S03", "2026-W49:4@10:00:U0S00",
                    "2026-W49:4@10:00:U0S01", "2026-W49:4@10:00:U0S03"]


async def test_no_nudge_when_opted_out_off_or_on_a_day_the_team_does_not_work(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    team = _team(store)
    store.run_sync(people.set_nudges_enabled, user_id="U0S00", enabled=False)

    def day_off(session: object) -> None:
        from sqlmodel import Session

        assert isinstance(session, Session)
        session.add(TimeOff(user_id="U0S03", day=date(2026, 12, 2)))
        session.commit()

    store.run_sync(lambda session: day_off(session))
    clock.current = WEDNESDAY_1400
    outcomes = {o.user_id: o.reason for o in await send_nudges(posting)}
    assert (outcomes["U0S00"], outcomes["U0S03"]) == (Reason.OPTED_OUT, Reason.TIME_OFF)
    assert set(_dms(slack)) == {"U0S02"}

    # a team that works Monday to Thursday gets nothing on a Friday, even at a nudge slot
    from tests.posts.seed import set_team

    set_team(store, team.team_id, workdays="0,1,2,3")
    store.run_sync(people.set_nudges_enabled, user_id="U0S00", enabled=True)
    clock.current = FRIDAY_1000
    reasons = {o.reason for o in await send_nudges(posting)}
    assert reasons == {Reason.DAY_OFF}
    assert set(_dms(slack)) == {"U0S02"}


async def test_kpi_nudges_off_and_on(harness: Harness, store: Store, posting: Posting,
                                     slack: LocalSlack, clock: Clock) -> None:
    _team(store)
    answer = await harness.command("U0S00", "/kpi", "nudges off")
    assert answer is not None and "Goal nudges are off" in answer["text"]
    person = store.run_sync(people.get_person, user_id="U0S00")
    assert person is not None and person.nudges_enabled is False
    answer = await harness.command("U0S00", "/kpi", "nudges")
    assert answer is not None and "off for you" in answer["text"]
    clock.current = WEDNESDAY_1400
    assert "U0S00" not in {o.user_id for o in await send_nudges(posting)
                           if o.status is NudgeStatus.SENT}
    answer = await harness.command("U0S00", "/kpi", "nudges on")
    assert answer is not None and "Goal nudges are on" in answer["text"]
    answer = await harness.command("U0S00", "/kpi", "nudges sometimes")
    assert answer is not None and "/kpi nudges on" in answer["text"]
    clock.current = FRIDAY_1000
    assert "U0S00" in {o.user_id for o in await send_nudges(posting)
                       if o.status is NudgeStatus.SENT}


async def test_nudge_dry_run_sends_nothing(store: Store, slack: LocalSlack,
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _team(store)
    for key, value in {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.api_url,
                       "DATABASE_URL": str(store.engine.url)}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    # the command reads the real clock: make it Wednesday afternoon
    import bot.deps

    monkeypatch.setattr(bot.deps, "Deps",
                        functools.partial(bot.deps.Deps, now=lambda: WEDNESDAY_1400))
    assert await asyncio.to_thread(main, ["nudge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "U0S00: would_send [behind]" in out and "U0S01: skipped [on_pace]" in out
    assert slack.of("chat.postMessage") == [] and claims(store) == []
