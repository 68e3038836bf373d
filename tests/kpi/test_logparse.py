"""The `/kpi log` grammar: what it understands, and every shape of bad input it refuses."""

from __future__ import annotations

from datetime import date

import pytest

from bot import i18n
from bot.kpi.logparse import (
    MAX_COUNT,
    MAX_MONEY,
    MAX_NOTE,
    MAX_TEXT,
    LogRequest,
    ParseError,
    Reader,
    parse_amount,
    parse_day,
    parse_log,
)
from bot.kpi.metrics import Metric

TODAY = date(2026, 11, 27)  # a Friday
YESTERDAY = date(2026, 11, 26)
C, CV, E, S = Metric.CALLS, Metric.CONVERSATIONS, Metric.EMAILS, Metric.SOCIAL
MB, MH, L, QL = Metric.MEETINGS_BOOKED, Metric.MEETINGS_HELD, Metric.LEADS, Metric.QUALIFIED_LEADS
OPP, P = Metric.OPPORTUNITIES, Metric.PIPELINE


def req(quantities: dict[Metric, float], day: date = TODAY, source: str | None = None,
        note: str | None = None) -> LogRequest:
    return LogRequest(day=day, quantities=quantities, source=source, note=note)


GOOD: list[tuple[str, LogRequest]] = [
    ("5 calls", req({C: 5})),
    ("calls 5", req({C: 5})),
    ("calls: 5", req({C: 5})),
    ("5calls", req({C: 5})),
    ("5 CALLS", req({C: 5})),
    ("1 call", req({C: 1})),
    (
        "25 calls 3 meetings booked yesterday source:inbound note: new script",
        req({C: 25, MB: 3}, YESTERDAY, "inbound", "new script"),
    ),
    ("10 dials and 4 convos", req({C: 10, CV: 4})),
    ("3 meetings", req({MB: 3})),
    ("3 meetings held", req({MH: 3})),
    ("meetings held 3", req({MH: 3})),
    ("3 meetings booked 2 meetings held", req({MB: 3, MH: 2})),
    ("3 meetings, 2 held", req({MB: 3, MH: 2})),
    ("2 sqls 3 opps", req({QL: 2, OPP: 3})),
    ("4 leads 2 qualified leads", req({L: 4, QL: 2})),
    ("12 linkedin", req({S: 12})),
    ("12k emails", req({E: 12_000})),
    ("1.5k emails", req({E: 1_500})),
    ("12,000 calls", req({C: 12_000})),
    ("12 000 calls", req({C: 12_000})),
    ("12\u00a0000 calls", req({C: 12_000})),
    ("pipeline 15k", req({P: 15_000})),
    ("pipeline $1,500.50", req({P: 1_500.5})),
    ("pipeline 12 000,50", req({P: 12_000.5})),
    ("pipeline 1.5m", req({P: 1_500_000})),
    ("pipeline 1500.505", req({P: 1_500.51})),  # money is kept to cents
    ("pipeline 15 000 kr", req({P: 15_000})),
    ("1 opportunity worth 15k", req({OPP: 1, P: 15_000})),
    ("2 opps @ $30k", req({OPP: 2, P: 30_000})),
    ("1 opp valued at 5k", req({OPP: 1, P: 5_000})),
    ("1 deal verdt 10 000 kr", req({OPP: 1, P: 10_000})),
    ("5 calls, 5 calls", req({C: 10})),  # the same metric twice adds up
    ("5 calls, 3 emails; 2 social + 1 meeting & 2 leads og 1 opp",
     req({C: 5, E: 3, S: 2, MB: 1, L: 2, OPP: 1})),
    ("5\tcalls\n3 emails", req({C: 5, E: 3})),
    ("yesterday 5 calls", req({C: 5}, YESTERDAY)),
    ("5 calls today", req({C: 5})),
    ("5 calls 2026-11-20", req({C: 5}, date(2026, 11, 20))),
    ("5 calls 2025-11-26", req({C: 5}, date(2025, 11, 26))),  # 366 days back is the limit
    ("5 calls i dag", req({C: 5})),
    ("5 calls i går", req({C: 5}, YESTERDAY)),
    ("5 calls source:Outbound", req({C: 5}, source="outbound")),
    ("5 calls source: cold-email", req({C: 5}, source="cold-email")),
    ("source:event 5 calls", req({C: 5}, source="event")),
    ("5 calls kilde:partner", req({C: 5}, source="partner")),
    ("5 calls note:", req({C: 5})),
    ("5 calls note: tried 2026-11-01 script, 5 calls yesterday",
     req({C: 5}, note="tried 2026-11-01 script, 5 calls yesterday")),
    ("5 calls notat: ny  manus", req({C: 5}, note="ny manus")),
    (f"{MAX_COUNT} calls", req({C: MAX_COUNT})),
    ("100k calls", req({C: 100_000})),
    ("pipeline 1,000,000,000", req({P: MAX_MONEY})),
    ("  5 calls  ", req({C: 5})),
    ("5 K calls", req({C: 5_000})),  # the Kelvin sign folds onto k: harmless
]


@pytest.mark.parametrize(("text", "expected"), GOOD, ids=[t for t, _ in GOOD])
def test_good_input(text: str, expected: LogRequest) -> None:
    assert parse_log(text, today=TODAY) == expected


BAD: list[tuple[str, str]] = [
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("-5 calls", "negative"),
    ("calls -5", "negative"),
    ("- 5 calls", "negative"),
    ("1 opp worth -5k", "negative"),
    ("100001 calls", "too_large"),
    ("999999999 calls", "too_large"),
    ("9" * 300 + " calls", "too_large"),
    ("60000 calls 50000 calls", "too_large"),  # the sum counts
    ("pipeline 1000000001", "too_large"),
    ("pipeline 2000m", "too_large"),
    ("NaN calls", "not_understood"),
    ("\u0665 calls", "not_understood"),  # Arabic-Indic five: counts are written 0-9
    ("\uff15 calls", "not_understood"),  # fullwidth five
    ("calls \u0661\u0662", "not_understood"),
    ("\u0662\u0660\u0662\u0666-11-01 5 calls", "not_understood"),
    ("calls nan", "not_understood"),
    ("inf calls", "not_understood"),
    ("calls infinity", "not_understood"),
    ("1e5 calls", "not_understood"),
    ("5 widgets", "not_understood"),
    ("5 calls 3 widgets", "not_understood"),
    ("5 calls 🎉", "not_understood"),
    ("🎉", "not_understood"),
    ("🎉 5 calls", "not_understood"),
    ("5 📞", "not_understood"),
    ("5 calls 5", "not_understood"),
    ("calls", "not_understood"),
    ("5", "not_understood"),
    ("5 calls\x00", "not_understood"),
    ("5 callſ", "not_understood"),  # "ſ" folds onto "s" in a case-insensitive match
    ("5 LİNKEDIN", "not_understood"),
    ("5 lınkedin", "not_understood"),
    ("5 calls yesterday2", "not_understood"),
    ("5 calls 2026-02-30", "bad_date"),
    ("5 calls 2026-13-01", "bad_date"),
    ("5 calls 2026-11-31", "bad_date"),
    ("5 calls 2026-12-01", "future_date"),
    ("5 calls 2026-11-28", "future_date"),
    ("5 calls 2025-11-25", "old_date"),
    ("5 calls 1999-01-01", "old_date"),
    ("5 calls today yesterday", "two_dates"),
    ("5 calls 2026-11-20 2026-11-21", "two_dates"),
    ("x" * 5000, "too_long"),
    ("5 calls " * 70, "too_long"),
    ("5 calls note: " + "n" * (MAX_NOTE + 1), "note_too_long"),
    ("2 meetings worth 5k", "worth_needs_opportunity"),
    ("5 calls worth 5k", "worth_needs_opportunity"),
    ("1.5 calls", "not_whole"),
    ("2,5 meetings", "not_whole"),
    ("1.2345k calls", "not_whole"),
    ("0 calls", "zero"),
    ("calls 0", "zero"),
    ("pipeline 0", "zero"),
    ("pipeline 0.001", "zero"),
    ("1 opp worth 0", "zero"),
    ("$5 calls", "bad_number"),
    ("calls 5 kr", "bad_number"),
    ("5 calls source:", "empty_source"),
    ("5 calls source:a source:b", "two_sources"),
    ("5 calls source:" + "s" * 41, "bad_source"),
    ("5 calls source:in/bound", "bad_source"),
    ("note: only a note", "nothing_to_log"),
    ("yesterday", "nothing_to_log"),
    ("source:inbound", "nothing_to_log"),
    (", and ;", "nothing_to_log"),
]


@pytest.mark.parametrize(("text", "code"), BAD, ids=[f"{c}:{t[:30]!r}" for t, c in BAD])
def test_bad_input_raises_parse_error_with_code(text: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(text, today=TODAY)
    assert caught.value.code == code


def test_error_parameters_say_what_was_wrong() -> None:
    def error(text: str) -> ParseError:
        with pytest.raises(ParseError) as caught:
            parse_log(text, today=TODAY)
        return caught.value

    assert error("5 calls 🎉").params == {"text": "🎉"}
    assert error("5 widgets").params == {"text": "5 widgets"}
    assert error("-5 calls").params == {"metric": "calls"}
    assert error("100001 calls").params == {"metric": "calls", "limit": MAX_COUNT}
    assert error("pipeline 2000m").params == {"metric": "pipeline", "limit": int(MAX_MONEY)}
    assert error("5 calls 2026-02-30").params == {"text": "2026-02-30"}
    assert error("5 calls 2026-12-01").params == {"date": "2026-12-01"}
    assert error("1.5 calls").params == {"metric": "calls", "text": "1.5"}
    assert error("x" * 5000).params == {"limit": MAX_TEXT}
    assert len(str(error("z" * 400).params["text"])) <= 40  # echoes stay short


def test_the_limits_are_inclusive() -> None:
    assert parse_log("5 calls" + " " * (MAX_TEXT - 7), today=TODAY).quantities == {C: 5}
    with pytest.raises(ParseError):
        parse_log("5 calls" + " " * (MAX_TEXT - 6), today=TODAY)
    note = "n" * MAX_NOTE
    assert parse_log(f"5 calls note: {note}", today=TODAY).note == note


def test_parse_day() -> None:
    assert parse_day("today", today=TODAY) == TODAY
    assert parse_day("Yesterday", today=TODAY) == YESTERDAY
    assert parse_day("I går", today=TODAY) == YESTERDAY
    assert parse_day("2026-11-27", today=TODAY) == TODAY
    assert parse_day("2026-01-01", today=date(2026, 1, 1)) == date(2026, 1, 1)
    assert parse_day("yesterday", today=date(2026, 1, 1)) == date(2025, 12, 31)
    for text, code in (("2026-02-30", "bad_date"), ("tomorrow", "bad_date"),
                       ("2026-11-28", "future_date"), ("2025-11-25", "old_date")):
        with pytest.raises(ParseError) as caught:
            parse_day(text, today=TODAY)
        assert caught.value.code == code


def test_parse_amount() -> None:
    assert parse_amount("12k", C) == 12_000
    assert parse_amount("$1,500.50", P) == 1_500.5
    assert parse_amount("0.5k", C) == 500
    for raw, metric, code in (
        ("-1", C, "negative"), ("0", C, "zero"), ("0", P, "zero"), ("1.5", C, "not_whole"),
        ("$5", C, "bad_number"), ("five", C, "bad_number"), ("nan", P, "bad_number"),
        ("100001", C, "too_large"), ("1000000000.01", P, "too_large"),
    ):
        with pytest.raises(ParseError) as caught:
            parse_amount(raw, metric)
        assert caught.value.code == code, raw


def test_parse_error_is_a_value_error_with_its_code() -> None:
    error = ParseError("zero", metric="calls")
    assert isinstance(error, ValueError)
    assert str(error) == "zero" and error.params == {"metric": "calls"}


def test_every_code_has_a_message_in_every_language() -> None:
    codes = {code for _, code in BAD}
    for language in i18n.LANGUAGES:
        keys = i18n.catalogue(language)
        missing = {code for code in codes if f"parse.{code}" not in keys}
        assert not missing, f"{language} lacks {sorted(missing)}"


# --- the team's currency, the writer's numbers, near misses ---------------------------------

TEAM_CURRENCIES = ("USD", "EUR", "GBP", "NOK", "SEK", "DKK", "CAD", "AUD", "CHF", "JPY")


def _refusal(text: str, reader: Reader) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_log(text, today=TODAY, reader=reader)
    return caught.value


@pytest.mark.parametrize("text", ["pipe €10k", "pipe 10k€", "pipe 10k €", "pipe EUR 10k",
                                  "pipe 10k eur", "pipe eur10k", "€10k pipeline",
                                  "2 opps worth €10k", "25 calls pipe €10k"])
def test_a_currency_other_than_the_teams_is_refused(text: str) -> None:
    error = _refusal(text, Reader(currency="USD"))
    assert error.code == "wrong_currency"
    assert error.params["given"] == "EUR" and error.params["currency"] == "USD"
    assert error.params["amount"] == "10k"


def test_a_symbol_for_several_currencies_is_each_of_them() -> None:
    for currency in ("USD", "CAD", "AUD"):
        assert parse_log("pipe $15k", today=TODAY, reader=Reader(currency=currency)
                         ).quantities == {Metric.PIPELINE: 15_000}
    assert parse_log("pipe 15 000 kr", today=TODAY, reader=Reader(currency="SEK")
                     ).quantities == {Metric.PIPELINE: 15_000}
    assert _refusal("pipe $15k", Reader(currency="NOK")).params["given"] == "USD/CAD/AUD"


@pytest.mark.parametrize("currency", TEAM_CURRENCIES)
def test_every_team_currency_is_known_by_its_code(currency: str) -> None:
    """Each currency the settings offer, typed as its code, is the team's own or refused."""
    own = parse_log(f"pipe 10k {currency}", today=TODAY, reader=Reader(currency=currency))
    assert own.quantities == {Metric.PIPELINE: 10_000}
    other = "EUR" if currency != "EUR" else "USD"
    assert _refusal(f"pipe {currency} 10k", Reader(currency=other)).code == "wrong_currency"


def test_without_a_team_currency_any_currency_is_read() -> None:
    assert parse_log("pipe €10k", today=TODAY).quantities == {Metric.PIPELINE: 10_000}


def test_a_currency_on_a_count_is_not_a_number() -> None:
    assert _refusal("$5 calls", Reader(currency="USD")).code == "bad_number"


@pytest.mark.parametrize(("language", "text", "value"), [
    ("nb", "1 opportunity verdt 1.500", 1_500), ("nb", "pipe 12.500,50", 12_500.5),
    ("en", "1 opportunity worth 1,500", 1_500), ("en", "pipe 12,500.50", 12_500.5),
])
def test_thousands_follow_the_writers_language(language: str, text: str, value: float) -> None:
    logged = parse_log(text, today=TODAY, reader=Reader(language=language))
    assert logged.quantities[Metric.PIPELINE] == value


@pytest.mark.parametrize(("language", "text"), [("en", "pipe 1.500"), ("nb", "pipe 1,500"),
                                                ("en", "1 opp worth 2.500")])
def test_an_ambiguous_number_is_refused_not_guessed(language: str, text: str) -> None:
    assert _refusal(text, Reader(language=language)).code == "ambiguous_number"


@pytest.mark.parametrize(("text", "suggestion"), [
    ("25 cals", "25 calls"), ("3 meetngs", "3 meetings"), ("2 oportunities", "2 opportunities"),
    ("25 calls 4 emials", "4 emails"), ("pipline 5k", "pipeline"),
])
def test_a_near_miss_gets_a_suggestion(text: str, suggestion: str) -> None:
    error = _refusal(text, Reader())
    assert (error.code, error.params["suggestion"]) == ("did_you_mean", suggestion)


@pytest.mark.parametrize("text", ["5 widgets", "5 zzz", "calls", "5 📞"])
def test_no_suggestion_for_what_is_not_close(text: str) -> None:
    assert _refusal(text, Reader()).code in ("not_understood", "nothing_to_log")
