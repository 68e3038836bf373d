"""Money and numbers through the real app: a currency other than the team's is refused (never
converted or dropped), thousands are read as the user's language writes them, an ambiguous
number is refused, a near-miss metric gets "did you mean", and a refusal says the help hint
once. Nothing refused is stored."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.blocks import ids
from bot.console.harness import Harness
from storage import people
from tests.scenario.support import SDR, activity_count, open_log_modal, text_of, totals
from tests.team.seed import member, team


def _currency(session: Session, *, currency: str) -> None:
    default = people.default_team(session=session)
    assert default is not None
    default.currency = currency
    session.add(default)
    session.commit()


def _team(harness: Harness, *, currency: str, locale: str | None = None) -> None:
    store = harness.deps.store
    member(store, team(store, "Default team", default=True), SDR, name="Sam SDR",
           locale=locale)
    store.run_sync(_currency, currency=currency)


async def _shown(harness: Harness, text: str) -> str:
    answer = await harness.command(SDR, "/kpi", f"log {text}")
    assert answer is not None and answer["response_type"] == "ephemeral"
    return str(answer["text"]) + "\n" + text_of(answer.get("blocks"))


@pytest.mark.parametrize("text", ["pipe €10k", "pipe 10k€", "pipe EUR 10k", "pipe 10k eur",
                                  "1 opportunity worth €10k", "pipeline 10 000 kr"])
async def test_a_currency_other_than_the_teams_is_refused(harness: Harness, text: str) -> None:
    _team(harness, currency="USD")
    shown = await _shown(harness, text)
    given = "NOK" if "kr" in text else "EUR"
    assert given in shown and "USD" in shown  # both currencies named
    assert "/kpi log pipeline 10" in shown  # an example in the team's currency
    assert ":warning:" in shown
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize("text", ["pipe $15k", "pipe $15,000", "pipe 15k", "pipe $ 15k",
                                  "pipe USD 15k", "pipe 15k usd", "$15k pipeline",
                                  "1 opportunity worth $15k"])
async def test_the_teams_own_currency_is_stored(harness: Harness, text: str) -> None:
    _team(harness, currency="USD")
    shown = await _shown(harness, text)
    assert ":warning:" not in shown, shown
    assert totals(harness.deps.store)["pipeline"] == 15_000


async def test_a_dollar_is_a_canadian_teams_dollar_too(harness: Harness) -> None:
    _team(harness, currency="CAD")
    await _shown(harness, "pipe $15k")
    assert totals(harness.deps.store) == {"pipeline": 15_000}


@pytest.mark.parametrize("text", ["1 opportunity verdt 1.500", "1 opp worth 1.500",
                                  "pipeline 1.500 kr", "pipe kr 1.500"])
async def test_norwegian_thousands_are_read_as_thousands(harness: Harness, text: str) -> None:
    _team(harness, currency="NOK", locale="nb-NO")
    shown = await _shown(harness, text)
    assert ":warning:" not in shown, shown
    assert totals(harness.deps.store)["pipeline"] == 1_500


@pytest.mark.parametrize(("locale", "text", "says"), [
    ("en-US", "1 opp worth 1.500", "could mean 1500 or 1.5"),
    ("nb-NO", "pipeline 1,500", "kan bety 1500 eller 1,5"),
])
async def test_an_ambiguous_number_is_refused(harness: Harness, locale: str, text: str,
                                              says: str) -> None:
    _team(harness, currency="NOK", locale=locale)
    shown = await _shown(harness, text)
    assert says in shown
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize(("locale", "says"), [("en-US", "Did you mean `25 calls`?"),
                                              ("nb-NO", "Mente du `25 calls`?")])
async def test_a_near_miss_metric_gets_did_you_mean(harness: Harness, locale: str,
                                                    says: str) -> None:
    _team(harness, currency="USD", locale=locale)
    shown = await _shown(harness, "25 cals")
    assert says in shown
    assert activity_count(harness.deps.store) == 0


async def test_a_refusal_says_the_help_hint_once(harness: Harness) -> None:
    _team(harness, currency="USD")
    for command in ("targets", "settings"):  # an SDR asks for a manager's modal
        answer = await harness.command(SDR, "/kpi", command)
        assert answer is not None
        shown = text_of(answer["blocks"])
        assert shown.count("/kpi help") == 1, shown
        assert "For example" not in shown
    shown = await _shown(harness, "5 widgets")  # a refusal with an example of its own
    assert "For example: `/kpi log 25 calls" in shown and shown.count("/kpi help") == 1


# --- the log modal's pipeline field ----------------------------------------------------------


@pytest.mark.parametrize(("locale", "currency", "typed", "says", "stored"), [
    ("en-US", "USD", "€10k", "not EUR", None),
    ("en-US", "USD", "10k EUR", "not EUR", None),
    ("en-US", "USD", "$15k", None, 15_000),
    ("en-US", "USD", "1.500", "could mean 1500 or 1.5", None),
    ("nb-NO", "NOK", "1.500", None, 1_500),
    ("nb-NO", "NOK", "1.500 kr", None, 1_500),
])
async def test_the_log_modal_reads_money_as_the_slash_command_does(
        harness: Harness, locale: str, currency: str, typed: str, says: str | None,
        stored: float | None) -> None:
    _team(harness, currency=currency, locale=locale)
    view = await open_log_modal(harness)
    answer = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-26",
                                              ids.LOG_METRIC_PREFIX + "pipeline": typed})
    if says is None:
        assert not answer, answer
        assert totals(harness.deps.store) == {"pipeline": stored}
        return
    assert answer is not None and answer["response_action"] == "errors"
    assert says in answer["errors"][ids.LOG_METRIC_PREFIX + "pipeline"]
    assert activity_count(harness.deps.store) == 0
