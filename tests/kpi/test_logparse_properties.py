"""Property-based tests of the `/kpi log` parser: it never crashes, and it means what it says."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.kpi.logparse import (
    KNOWN_SOURCES,
    MAX_COUNT,
    MAX_DAYS_BACK,
    MAX_MONEY,
    MAX_NOTE,
    MAX_SOURCE,
    MAX_TEXT,
    LogRequest,
    ParseError,
    parse_log,
)
from bot.kpi.metrics import ALIASES, METRICS, Metric

TODAY = date(2026, 11, 27)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the grammar, good and bad, to build sentences that come close to meaning something.
PIECES = [
    *sorted(ALIASES), "5", "12", "0", "-3", "1.5", "12k", "1.5k", "12,000", "12 000", "12\u00a0000",
    "12 000,50", "$1,500.50", "NaN", "inf", "1e5", "100001", "99999999999", "worth", "@", "at",
    "valued at", "and", "og", ",", ";", "+", "&", ":", "today", "yesterday", "i går", "2026-11-20",
    "2026-02-30", "2026-12-01", "2020-01-01", "source:", "source:inbound", "source:a/b", "kilde:",
    "note:", "notat:", "🎉", "📞", "\x00", "\u200b", "callſ", "LİNKEDIN", "lınkedin", "K", "m",
    "kr", "nok", "€", "-", "--", "note: 5 calls", "pipeline 0", "1 opp worth 0.001",
    # Letters a case-insensitive match folds onto ASCII ones, in otherwise good items.
    "5 callſ", "ſocial 3", "2 LİNKEDIN", "4 mtgſ", "ınmail 2", "3 qualıfıed",
]
# Whole items that parse, so that a sentence often gets past its first words.
ITEMS = ["5 calls", "calls 5", "3 meetings held", "12k emails", "1 opp worth 15k", "pipeline 2k",
         "2 sqls", "convos: 4", "1,500 dials", "12 000 social"]


def check(request: LogRequest) -> None:
    """What every successful parse promises."""
    assert request.quantities, "a parse with nothing in it must have been refused"
    assert TODAY - timedelta(days=MAX_DAYS_BACK) <= request.day <= TODAY
    for metric, quantity in request.quantities.items():
        assert isinstance(metric, Metric)
        assert math.isfinite(quantity) and quantity > 0, (metric, quantity)
        if metric.is_money:
            assert quantity <= MAX_MONEY and round(quantity, 2) == quantity
        else:
            assert quantity <= MAX_COUNT and quantity == int(quantity)
    if request.source is not None:
        assert 0 < len(request.source) <= MAX_SOURCE and request.source == request.source.lower()
    if request.note is not None:
        assert 0 < len(request.note) <= MAX_NOTE


def parse_or_refuse(text: str) -> None:
    try:
        request = parse_log(text, today=TODAY)
    except ParseError as error:
        assert error.code  # refused, with a reason the answer can name
        return
    check(request)


@FAST
@given(st.text(max_size=MAX_TEXT + 20))
def test_arbitrary_text_is_parsed_or_refused_never_crashes(text: str) -> None:
    parse_or_refuse(text)


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60).map(lambda s: f"5 calls {s}"))
def test_arbitrary_unicode_and_control_characters_after_a_good_start(text: str) -> None:
    parse_or_refuse(text)


@FAST
@given(
    st.lists(st.one_of(st.sampled_from(ITEMS), st.sampled_from(PIECES)), max_size=12),
    st.sampled_from([" ", "", "  ", "\n", ", "]),
)
def test_sentences_from_the_grammars_pieces_are_parsed_or_refused(
    pieces: list[str], glue: str
) -> None:
    parse_or_refuse(glue.join(pieces))


# --- generated valid commands -------------------------------------------------------------

ALIASES_OF: dict[Metric, list[str]] = {
    metric: sorted(a for a, m in ALIASES.items() if m is metric) for metric in METRICS
}
SPACES = [" ", "\u00a0", "\u202f"]


@st.composite
def count_text(draw: st.DrawFn, value: int) -> str:
    """`value` written one of the ways people write it."""
    forms = [str(value)]
    if value >= 1000:
        forms.append(f"{value:,}")
        space = draw(st.sampled_from(SPACES))
        forms.append(f"{value:,}".replace(",", space))
    if value % 1000 == 0:
        forms += [f"{value // 1000}k", f"{value // 1000}K", f"{value // 1000} k"]
    forms.append(f"{value // 1000}.{value % 1000:03d}k")
    if value % 100 == 0:
        forms.append(f"{value / 1000:.1f}k")
    return draw(st.sampled_from(forms))


@st.composite
def money_text(draw: st.DrawFn, cents: int) -> str:
    whole, fraction = divmod(cents, 100)
    forms = [f"{whole}.{fraction:02d}", f"{whole:,}.{fraction:02d}", f"${whole:,}.{fraction:02d}",
             f"{whole:,}.{fraction:02d}".replace(",", " ").replace(".", ",")]
    if fraction == 0:
        forms += [str(whole), f"{whole:,}", f"{whole} kr", f"€{whole}"]
        if whole % 1000 == 0:
            forms.append(f"{whole // 1000}k")
    return draw(st.sampled_from(forms))


@st.composite
def valid_commands(draw: st.DrawFn) -> tuple[str, LogRequest]:
    metrics = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=5, unique=True))
    quantities: dict[Metric, float] = {}
    items: list[tuple[bool, bool, str]] = []  # (starts with a number?, ends with one?, text)
    worth_done = False
    for metric in metrics:
        alias = draw(st.sampled_from(ALIASES_OF[metric]))
        if metric.is_money:
            cents = draw(st.integers(min_value=1, max_value=int(MAX_MONEY) * 100))
            quantities[metric] = cents / 100
            amount = draw(money_text(cents))
        else:
            value = draw(st.one_of(st.integers(min_value=1, max_value=MAX_COUNT),
                                   st.integers(min_value=1, max_value=MAX_COUNT // 100).map(
                                       lambda hundreds: hundreds * 100)))
            quantities[metric] = float(value)
            amount = draw(count_text(value))
        if metric is Metric.PIPELINE and Metric.OPPORTUNITIES in metrics and not worth_done:
            worth_done = True
            continue  # written as "N opportunities worth V" below
        number_first = draw(st.booleans())
        colon = draw(st.sampled_from(["", ":"]))
        items.append((number_first, not number_first,
                      f"{amount} {alias}" if number_first else f"{alias}{colon} {amount}"))
    if worth_done:
        opp = next(i for i, m in enumerate(m for m in metrics if m is not Metric.PIPELINE)
                   if m is Metric.OPPORTUNITIES)
        word = draw(st.sampled_from(["worth", "@", "at", "valued at", "verdt"]))
        pipeline = draw(money_text(round(quantities[Metric.PIPELINE] * 100)))
        value = int(quantities[Metric.OPPORTUNITIES])
        opp_alias = draw(st.sampled_from(ALIASES_OF[Metric.OPPORTUNITIES]))
        items[opp] = (True, True, f"{draw(count_text(value))} {opp_alias} {word} {pipeline}")
    # A bare space separates two items only from an alias to a number, as in "25 calls 3 emails".
    # Elsewhere the grammar is ambiguous: "calls 5 120 emails" is 5 120 calls, and in
    # "5 meetings held 3" the "held" belongs to the meetings.
    text = items[0][2]
    for (_, ended_on_number, _), (starts_with_number, _, item) in itertools.pairwise(items):
        choices = [", ", " and ", "; ", " + ", " & ", " og "]
        if not ended_on_number and starts_with_number:
            choices.append(" ")
        text += draw(st.sampled_from(choices)) + item
    day = TODAY
    when = draw(st.sampled_from(["", "today", "yesterday", "i går", "iso"]))
    if when == "iso":
        day = TODAY - timedelta(days=draw(st.integers(min_value=0, max_value=MAX_DAYS_BACK)))
        when = day.isoformat()
    elif when in ("yesterday", "i går"):
        day = TODAY - timedelta(days=1)
    if when:
        text = f"{when} {text}" if draw(st.booleans()) else f"{text} {when}"
    source = draw(st.one_of(st.none(), st.sampled_from([*KNOWN_SOURCES, "Inbound", "cold-email",
                                                       "webinar_2026", "LinkedIn"])))
    if source is not None:
        text += f" {draw(st.sampled_from(['source:', 'source: ', 'kilde:']))}{source}"
    note = draw(st.one_of(st.none(), st.text(
        alphabet=st.characters(codec="utf-8"), max_size=80)))
    if note is not None:
        text += f" note: {note}"
    expected_note = " ".join(note.split()) if note is not None else None
    expected = LogRequest(day=day, quantities=quantities,
                          source=source.lower() if source else None,
                          note=expected_note or None)
    return text, expected


@FAST
@given(valid_commands())
def test_generated_valid_commands_give_back_exactly_their_quantities(
    command: tuple[str, LogRequest],
) -> None:
    text, expected = command
    assume(len(text) <= MAX_TEXT)
    parsed = parse_log(text, today=TODAY)
    assert parsed == expected
    check(parsed)


@FAST
@given(st.sampled_from(METRICS), st.integers(min_value=MAX_COUNT + 1, max_value=10**15))
def test_too_much_is_refused(metric: Metric, value: int) -> None:
    text = f"{value} {metric.value}" if not metric.is_money else f"pipeline {value * 10**6}"
    try:
        parse_log(text, today=TODAY)
    except ParseError as error:
        assert error.code == "too_large"
    else:
        raise AssertionError(f"{text!r} was accepted")


@FAST
@given(st.integers(min_value=1, max_value=3650))
def test_future_dates_are_refused(days: int) -> None:
    day = TODAY + timedelta(days=days)
    try:
        parse_log(f"5 calls {day.isoformat()}", today=TODAY)
    except ParseError as error:
        assert error.code == "future_date"
    else:
        raise AssertionError(f"{day} was accepted")
