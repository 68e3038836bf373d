"""Texts in the reader's language (gettext catalogues, see messages.py and `make messages`)
and locale-aware numbers, money, percentages and dates (Babel's locale data).

A language is its catalogue (locale/<code>/LC_MESSAGES/messages.po, compiled to .mo) and its
typed words (words/<code>.json).
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    get_currency_precision,
    parse_decimal,
    parse_pattern,
)

from bot.i18n.catalogues import LANGUAGES, catalogue, find_languages, translations
from bot.i18n.source import MESSAGES
from bot.kpi.rounding import Number, half_away, shown_money, whole_percent

__all__ = ["LANGUAGES", "Translator", "catalogue", "find_languages", "language_name",
           "language_of", "slack_locale"]

logger = logging.getLogger(__name__)
_READ_AS = {"no": "nb", "nn": "nb"}  # Norwegian, whichever written form, reads Bokmål


def language_of(locale: str | None) -> str:
    """Slack locales look like en-US or nb-NO: the catalogue for the first part, else English."""
    prefix = (locale or "en").replace("_", "-").split("-")[0].lower()
    prefix = _READ_AS.get(prefix, prefix)
    return prefix if prefix in LANGUAGES else "en"


def slack_locale(text: str) -> str | None:
    """A language or locale as a person types it (nb, no, nb-NO, en-GB) as Slack writes
    locales, for a language with a catalogue; None for any other."""
    parts = text.strip().replace("_", "-").split("-")
    asked = _READ_AS.get(parts[0].lower(), parts[0].lower())
    if not asked or asked != language_of(text.strip()):
        return None
    return _babel_locale(text.strip()).replace("_", "-")


def language_name(language: str) -> str:
    """The language's name in itself: English, norsk bokmål."""
    return str(_locale(language_of(language)).display_name or language)


def _babel_locale(locale: str | None) -> str:
    """The language's own region where Slack gives one (en-GB), else its usual one."""
    language = language_of(locale)
    parts = (locale or "").replace("_", "-").split("-")
    region = parts[1].upper() if len(parts) > 1 and parts[1].isalpha() else None
    if language == "nb":
        return "nb_NO"
    if language == "en":
        return f"en_{region or 'US'}"
    return f"{language}_{region}" if region and parts[0].lower() == language else language


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _symbols(locale: str) -> dict[str, str]:
    symbols = _locale(locale).number_symbols
    return dict(symbols.get("latn", symbols))


@cache
def _percent_affixes(locale: str) -> tuple[str, str]:
    pattern = _locale(locale).percent_formats[None]
    return pattern.prefix[0], pattern.suffix[0]


@cache
def _money_pattern(locale: str, whole: bool) -> NumberPattern:
    pattern = _locale(locale).currency_formats["standard"].pattern
    return parse_pattern(pattern.replace(".00", "") if whole else pattern)


class Translator:
    """Texts and formats for one reader: t("key", name=value), number(), money(), percent().

    A text with plural forms picks its form from the parameter its declaration counts
    (`plural("targets.saved", ..., "rows")`): t("targets.saved", rows=1, told=...) reads
    "Saved 1 target change"; that number is printed as number() prints it."""

    def __init__(self, locale: str | None = None, currency: str = "USD") -> None:
        self.language = language_of(locale)
        self.locale = _babel_locale(locale)
        self.currency = currency
        self._texts = catalogue(self.language)
        self._fallback = catalogue("en")
        self._gettext = translations(self.language)
        self._babel = _locale(self.locale)
        self._symbols = _symbols(self.locale)

    def t(self, key: str, **params: object) -> str:
        declared = MESSAGES.get(key)
        if declared is not None and declared.plural is not None and declared.count:
            count = self._count(key, params[declared.count])
            # A fraction takes the form for many, as in English and Norwegian ("1.5 days").
            n = 2 if count is None or count != int(count) else int(count)
            template = self._gettext.npgettext(key, declared.singular, declared.plural, n)
            if count is not None:
                params = {**params, declared.count: self.number(float(count))}
        else:
            template = self._texts.get(key) or self._fallback[key]
        return template.format(**params) if params else template

    def _count(self, key: str, value: object) -> Decimal | None:
        """The number a plural text counts: given as a number, or as number() printed it.
        None for anything else (a caller's mistake, logged): the text then reads in its form
        for many, with the value as given, rather than failing the user's request."""
        if isinstance(value, str):
            try:
                return parse_decimal(value.replace("\u2212", "-"), locale=self.locale)
            except NumberFormatError:
                pass
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        logger.warning("%s: the counted parameter is not a number: %r", key, value)
        return None

    def problem(self, key: str, params: dict[str, object]) -> str:
        """An error text whose `metric` parameter (a metric key) reads as the metric's name."""
        metric = params.get("metric")
        if isinstance(metric, str) and f"metric.{metric}" in self._fallback:
            params = {**params, "metric": self.t(f"metric.{metric}")}
        return self.t(key, **params)

    def team_name(self, name: str, *, is_default: bool) -> str:
        """A team's name as shown: the default team, while it keeps the English name it was
        created with, in the reader's language."""
        if is_default and name == self._fallback["team.default_name"]:
            return self.t("team.default_name")
        return name

    def number(self, value: Number) -> str:
        """#,##0 for whole numbers, #,##0.# otherwise, in the reader's symbols. A Decimal is
        printed as it is (the caller rounded it, bot.kpi.rounding); anything else is rounded
        half away from zero to one decimal. Python's own formatting with the locale's symbols
        swapped in: a scorecard formats ~60 numbers, and Babel's pattern engine costs ~25 µs
        each."""
        shown = value if isinstance(value, Decimal) else half_away(value, 1)
        if shown == shown.to_integral_value():
            shown = shown.quantize(Decimal(1))
        return self._localised(f"{shown:,}")

    def money(self, value: Number, currency: str | None = None) -> str:
        """Money in the currency's minor units (half away from zero); a whole amount without
        them. In the reader's currency unless another is given."""
        code = currency or self.currency
        shown = shown_money(value, get_currency_precision(code))
        whole = shown == shown.to_integral_value()
        pattern = _money_pattern(self.locale, whole)
        return str(pattern.apply(shown, self._babel, currency=code, currency_digits=False))

    def percent(self, value: Number) -> str:
        """A ratio (0.37) as a whole percentage, half away from zero, in the locale's pattern:
        9% in English, 9 % (no-break space) in Norwegian."""
        prefix, suffix = _percent_affixes(self.locale)
        return prefix + self._localised(f"{whole_percent(value):,}") + suffix

    def signed_percent(self, value: Number) -> str:
        """+12% or −12%: a difference, as a whole percentage with its sign."""
        return ("+" if value >= 0 else "\u2212") + self.percent(value if value >= 0 else -value)

    def _localised(self, text: str) -> str:
        """Swap Python's "," and "." (and "-") for the locale's group, decimal and minus."""
        symbols = self._symbols
        return text.translate({ord(","): symbols["group"], ord("."): symbols["decimal"],
                               ord("-"): symbols["minusSign"]})

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def month(self, value: date) -> str:
        """The month and year of `value` as the locale writes them: November 2026, november
        2026."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def weekday(self, index: int) -> str:
        """The weekday's name (Monday is 0) as it stands alone: Monday, mandag."""
        return str(get_day_names("wide", context="stand-alone", locale=self.locale)[index])

    def short_day(self, value: date) -> str:
        return format_date(value, format=self.t("format.short_day"), locale=self.locale)
