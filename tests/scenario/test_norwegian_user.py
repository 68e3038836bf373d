"""A Norwegian team through the real app: the language is learned from Slack before the first
answer, Norwegian words are logged, every surface speaks Norwegian, and the language follows
Slack when it changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.console.harness import Harness
from bot.console.local_slack import SlackUser
from bot.listeners import profiles
from bot.services.profiles import set_locale
from tests.conftest import Clock
from tests.scenario.support import live_rows, text_of, totals
from tests.slack_contract import settle

KARI = "U0KARI"


def norwegian(harness: Harness, user: str = KARI, locale: str = "nb-NO") -> None:
    harness.slack.add_user(SlackUser(user, "kari", "Kari Nordmann", "kari@example.no",
                                     locale=locale, tz="Europe/Oslo"))


async def answer(harness: Harness, command: str, text: str = "", user: str = KARI
                 ) -> dict[str, Any]:
    got = await harness.command(user, command, text)
    assert got is not None and got["response_type"] == "ephemeral", got
    Block.parse_all(got.get("blocks") or [])  # slack_sdk's checks: types and limits
    return got


async def test_the_first_answer_is_norwegian_and_norwegian_words_are_stored(
        harness: Harness) -> None:
    norwegian(harness)
    logged = await answer(harness, "/kpi", "log 25 samtaler 3 møter booket i går")
    shown = text_of(logged["blocks"])
    assert "Registrert for" in shown and "Samtaler *25*" in shown, shown
    assert "Bookede møter *3*" in shown
    # users.info was asked (with the locale) before the answer went out
    [asked, *_] = harness.slack.of("users.info")
    assert asked.args["user"] == KARI and asked.args["include_locale"] in (True, "true", "1")
    [first, second] = live_rows(harness.deps.store, KARI)
    assert first.day == second.day == harness.deps.now().date() - timedelta(days=1)
    assert totals(harness.deps.store, KARI) == {"conversations": 25, "meetings_booked": 3}

    await answer(harness, "/kpi", "log 12 oppringninger")
    await answer(harness, "/kpi", "log 1 mulighet verdt 15k")
    assert totals(harness.deps.store, KARI) == {
        "conversations": 25, "meetings_booked": 3, "calls": 12, "opportunities": 1,
        "pipeline": 15_000}

    card = text_of((await answer(harness, "/mykpis", "måned"))["blocks"])
    assert "KPI-ene dine · november 2026" in card, card
    assert "*Anrop*" in card and "Samtaler ringt" not in card


async def test_refusals_and_help_speak_norwegian_with_norwegian_examples(
        harness: Harness) -> None:
    norwegian(harness)
    refused = text_of((await answer(harness, "/kpi", "log 25 kaffe"))["blocks"])
    assert "Jeg forsto ikke `25 kaffe`" in refused
    assert "`/kpi log 25 anrop 3 møter booket i går kilde: inbound`" in refused
    assert await harness.command(KARI, "/kpi", "log 25 anrop 3 møter booket i går kilde: inbound")

    period = text_of((await answer(harness, "/mykpis", "neste år"))["blocks"])
    assert "`i dag`, `uke`, `forrige uke`, `måned` eller `kvartal`" in period
    assert "`/mykpis forrige uke`" in period

    shown = text_of((await answer(harness, "/kpi", "help"))["blocks"])
    assert "slik bruker du den" in shown
    assert "Nøkkeltall: anrop, samtaler, e-poster" in shown
    assert "/kpi log 25 anrop 3 møter booket [i går|ÅÅÅÅ-MM-DD]" in shown


async def test_a_slow_slack_means_english_now_and_norwegian_once_it_answers(
        harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    norwegian(harness)
    monkeypatch.setattr(profiles, "LOOKUP_BUDGET", 0.01)
    harness.slack.delay("users.info", 60)
    first = text_of((await answer(harness, "/kpi", "log 5 calls"))["blocks"])
    assert "Logged for" in first  # English, and answered: the lookup did not hold it up
    harness.slack.release()  # Slack answers: the lookup after the answer stores the locale
    await harness.slack.wait_until(lambda calls: sum(
        c.method == "users.info" for c in calls) >= 2)
    await settle()  # the work after the answer (the profile refresh) is done
    assert "Registrert for" in text_of((await answer(harness, "/kpi", "log 5 anrop"))["blocks"])


async def test_a_failing_lookup_falls_back_to_english_quietly(harness: Harness) -> None:
    norwegian(harness)
    harness.slack.fail("users.info", error="internal_error", times=5)
    got = text_of((await answer(harness, "/kpi", "log 5 calls"))["blocks"])
    assert "Logged for" in got and "wrong" not in got


async def test_the_language_follows_slack_once_a_day(harness: Harness, clock: Clock) -> None:
    norwegian(harness)
    assert "Registrert" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])
    norwegian(harness, locale="en-US")  # Kari switches Slack to English
    assert "Registrert" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])
    clock.current += timedelta(days=1, minutes=1)
    # The answer still comes from what was known; the lookup after it learns English.
    assert "Registrert" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])
    await settle()  # the work after the answer (the profile refresh) is done
    assert "Logged" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])


async def test_a_stored_language_is_used_at_once_and_refreshed_a_day_later(
        harness: Harness, clock: Clock) -> None:
    harness.deps.store.run_sync(set_locale, user_id=KARI, locale="nb-NO")
    norwegian(harness, locale="en-GB")  # Slack says otherwise by now
    got = await answer(harness, "/kpi", "log 1 anrop")
    assert "Registrert" in text_of(got["blocks"])  # the stored language, no lookup first
    await settle()  # the work after the answer (the profile refresh) is done
    assert not harness.slack.of("users.info")
    clock.current += timedelta(days=1, minutes=1)
    assert "Registrert" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])
    await settle()  # the work after the answer (the profile refresh) is done
    assert harness.slack.of("users.info"), "asked after the answer, a day on"
    assert "Logged" in text_of((await answer(harness, "/kpi", "log 1 anrop"))["blocks"])


async def test_app_home_speaks_norwegian_from_the_first_open(harness: Harness) -> None:
    norwegian(harness)
    await harness.event({"type": "app_home_opened", "user": KARI, "tab": "home"})
    [published] = await harness.slack.wait_for("views.publish")
    view = published.args["view"]
    View(**view).validate_json()
    shown = text_of(view["blocks"])
    assert "Uken din så langt" in shown and "Standardteam" in shown, shown
    assert "Registrer aktivitet" in shown
