"""Each language's own words for metrics and weekdays: understood, unambiguous, and no
word of the log grammar."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpi.logparse import ParseError, parse_log
from bot.kpi.metrics import ALIASES, Metric
from bot.kpi.words import all_words, languages, words_for

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(("text", "quantities", "day"), [
    ("25 samtaler", {Metric.CONVERSATIONS: 25}, TODAY),
    ("3 møter booket i går", {Metric.MEETINGS_BOOKED: 3}, date(2026, 11, 26)),
    ("12 oppringninger", {Metric.CALLS: 12}, TODAY),
    ("1 mulighet verdt 15k", {Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 15_000}, TODAY),
    ("2 møter holdt og 4 e-poster", {Metric.MEETINGS_HELD: 2, Metric.EMAILS: 4}, TODAY),
    ("anrop: 7, 2 kvalifiserte leads", {Metric.CALLS: 7, Metric.QUALIFIED_LEADS: 2}, TODAY),
])
def test_norwegian_logs_in_norwegian_words_alone(text: str, quantities: dict[Metric, float],
                                                 day: date) -> None:
    logged = parse_log(text, today=TODAY, words=words_for("nb"))
    assert (logged.quantities, logged.day) == (quantities, day)
    assert parse_log(text, today=TODAY).quantities == quantities  # every language's words


def test_english_words_do_not_understand_norwegian() -> None:
    with pytest.raises(ParseError):
        parse_log("12 oppringninger", today=TODAY, words=words_for("en"))


def test_a_near_miss_of_a_norwegian_word_gets_a_suggestion() -> None:
    with pytest.raises(ParseError) as caught:
        parse_log("12 oppringnnger", today=TODAY)
    assert caught.value.code == "did_you_mean"
    assert caught.value.params["suggestion"] == "12 oppringninger"


def test_every_metric_word_names_a_registered_metric_once() -> None:
    for language in languages():
        named: dict[str, str] = {}
        for phrase, key in words_for(language).metrics:
            assert key in ALIASES.values(), (language, key)
            assert named.setdefault(phrase, key) == key, (language, phrase)
            table = ALIASES.get(phrase)
            assert table is None or table.value == key, (language, phrase, table)


def test_no_metric_word_is_a_word_of_the_grammar() -> None:
    words = all_words()
    grammar = {*words.and_, *words.worth, *words.source, *words.note, *words.currencies,
               *words.on, *words.off, *(p for p, _ in words.days_back),
               *(p for p, _, _ in words.periods)}
    assert not grammar & {phrase for phrase, _ in words.metrics}


def test_every_language_names_seven_weekdays_each_once() -> None:
    for language in languages():
        days = words_for(language).weekdays
        assert {day for _, day in days} == set(range(7)), language
        assert len({word for word, _ in days}) == len(days), language
    merged = all_words()
    assert {merged.weekday(w) for w in ("ons", "wed", "onsdag", "wednes")} == {2}
    assert merged.weekday("t") is None and merged.weekday("fredagen") is None
