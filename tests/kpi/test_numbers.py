"""Numbers as people type them, and everything that is not one."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kpi.numbers import ENGLISH, AmbiguousNumber, Marks, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("0", 0.0),
        ("007", 7.0),
        ("12k", 12_000.0),
        ("12K", 12_000.0),
        ("12 k", 12_000.0),
        ("1.5k", 1_500.0),
        ("1,5k", 1_500.0),
        ("1.5m", 1_500_000.0),
        ("2M", 2_000_000.0),
        ("12,000", 12_000.0),
        ("1,234,567", 1_234_567.0),
        ("1,234,567.89", 1_234_567.89),
        ("12 000", 12_000.0),  # space
        ("12\u00a0000", 12_000.0),  # no-break space
        ("12\u202f000", 12_000.0),  # narrow no-break space
        ("1 234 567", 1_234_567.0),
        ("12 000,50", 12_000.5),  # Norwegian money
        ("12,5", 12.5),
        ("12,50", 12.5),
        ("0.5", 0.5),
        ("1500.505", 1500.505),
        ("$1,500.50", 1_500.5),
        ("€12", 12.0),
        ("£12", 12.0),
        ("12 kr", 12.0),
        ("NOK 12 000", 12_000.0),
        ("12 usd", 12.0),
        ("  42  ", 42.0),
    ],
)
def test_parse_number_understands(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "-inf",
        "1e5",
        "-5",
        "+5",
        "abc",
        "12abc",
        "12 kg",
        "k",
        "12kk",
        "12,0000",  # a comma group has three digits
        "1234,567",
        "12 00",  # a space group has three digits
        "1.2.3",
        "12,",
        ".5",
        "0x10",
        "1_000",
        "²",
        "🎉",
        "5 calls",
        "9" * 400,  # overflows a float to inf: not a number
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_comma_with_three_digits_is_thousands_not_decimals() -> None:
    assert parse_number("1,500") == 1_500.0
    assert parse_number("1,50") == 1.5


def test_suffixes_multiply_exactly() -> None:
    # In binary floating point 16.1 * 1000 is 16100.000000000002, which is not a whole number.
    assert parse_number("16.1k") == 16_100
    assert parse_number("64.9k") == 64_900
    assert parse_number("4.35k") == 4_350
    assert parse_number("0.3m") == 300_000


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_every_way_of_writing_a_whole_number_gives_it_back(value: int, space: str) -> None:
    forms = [
        str(value),
        f"{value:,}",
        f"{value:,}".replace(",", space),
        f"{value // 1000}.{value % 1000:03d}k",
        f"{value // 1000}.{value % 1000:03d} K",
        f"{value // 10**6}.{value % 10**6:06d}m",
    ]
    for text in forms:
        assert parse_number(text) == value, text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**11))
def test_money_with_cents_gives_back_the_cents(cents: int) -> None:
    whole, fraction = divmod(cents, 100)
    for text in (f"{whole}.{fraction:02d}", f"${whole:,}.{fraction:02d}",
                 f"{whole:,}.{fraction:02d}".replace(",", " ").replace(".", ",") + " kr"):
        value = parse_number(text)
        assert value is not None and round(value * 100) == cents, text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_anything_else_is_a_finite_non_negative_number_or_none(text: str) -> None:
    value = parse_number(text)
    assert value is None or (math.isfinite(value) and value >= 0)


NORWEGIAN = Marks(".", ",")


@pytest.mark.parametrize(("text", "english", "norwegian"), [
    ("1,500", 1_500.0, None),  # None: ambiguous, refused
    ("1.500", None, 1_500.0),
    ("12.000", None, 12_000.0),
    ("1.234.567", 1_234_567.0, 1_234_567.0),  # a repeated mark only groups thousands
    ("1,234,567", 1_234_567.0, 1_234_567.0),
    ("1.234,56", 1_234.56, 1_234.56),  # both marks: the last is the decimal one
    ("1,234.56", 1_234.56, 1_234.56),
    ("1.5", 1.5, 1.5),
    ("1,5", 1.5, 1.5),
    ("12,50", 12.5, 12.5),
    ("0.500", 0.5, 0.5),  # nobody writes thousands with a leading 0
    ("1.500k", 1_500.0, 1_500.0),  # thousands of thousands is not how k is used
    ("12 000,50", 12_000.5, 12_000.5),
    ("1500.505", 1_500.505, 1_500.505),
])
def test_thousands_are_read_as_the_writers_language_writes_them(
        text: str, english: float | None, norwegian: float | None) -> None:
    for marks, expected in ((ENGLISH, english), (NORWEGIAN, norwegian)):
        if expected is None:
            with pytest.raises(AmbiguousNumber) as caught:
                parse_number(text, marks=marks)
            head, tail = text[:-4], text[-3:]
            assert caught.value.whole == float(head + tail)
            assert caught.value.fraction == float(f"{head}.{tail}")
        else:
            assert parse_number(text, marks=marks) == pytest.approx(expected), (text, marks)
