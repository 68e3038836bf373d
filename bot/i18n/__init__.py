"""The message catalogues (one JSON file per language) and locale-aware numbers, money, dates."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, get_currency_precision, parse_pattern

from bot.kpi.rounding import Number, half_away, shown_money, whole_percent

_HERE = Path(__file__).parent
# A language is its catalogue here (<code>.json) and its typed words (words/<code>.json).
def find_languages(directory: Path) -> tuple[str, ...]:
    """The languages with a catalogue in `directory`, English (the fallback) first."""
    return tuple(sorted((p.stem for p in directory.glob("*.json")),
                        key=lambda code: (code != "en", code)))


LANGUAGES = find_languages(_HERE)
_READ_AS = {"no": "nb", "nn": "nb"}  # Norwegian, whichever written form, reads Bokmål


@cache
def catalogue(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((_HERE / f"{language}.json").read_text("utf-8"))
    return data


def language_of(locale: str | None) -> str:
    """Slack locales look like en-US or nb-NO: the catalogue for the first part, else English."""
    prefix = (locale or "en").replace("_", "-").split("-")[0].lower()
    prefix = _READ_AS.get(prefix, prefix)
    return prefix if prefix in LANGUAGES else "en"


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
def _money_pattern(locale: str, whole: bool) -> NumberPattern:
    pattern = _locale(locale).currency_formats["standard"].pattern
    return parse_pattern(pattern.replace(".00", "") if whole else pattern)


class Translator:
    """Texts and formats for one reader: t("key", name=value), number(), money(), percent()."""

    def __init__(self, locale: str | None = None, currency: str = "USD") -> None:
        self.language = language_of(locale)
        self.locale = _babel_locale(locale)
        self.currency = currency
        self._texts = catalogue(self.language)
        self._fallback = catalogue("en")
        self._babel = _locale(self.locale)
        self._symbols = _symbols(self.locale)

    def t(self, key: str, **params: object) -> str:
        template = self._texts.get(key) or self._fallback[key]
        return template.format(**params) if params else template

    def plural(self, key: str, count: Number, /, **params: object) -> str:
        """The text of `key` in the plural form the language uses for `count` (CLDR's rules,
        through Babel): the catalogue holds `<key>.one`, `<key>.other` and whatever other forms
        the language has. `count` is the template's {count} unless `params` gives one (a
        formatted number)."""
        form = self._babel.plural_form(abs(float(count)))
        texts = self._texts if f"{key}.other" in self._texts else self._fallback
        template = texts.get(f"{key}.{form}") or texts[f"{key}.other"]
        return template.format(**{"count": count, **params})

    def problem(self, key: str, params: dict[str, object]) -> str:
        """An error text whose `metric` parameter (a metric key) reads as the metric's name."""
        metric = params.get("metric")
        if isinstance(metric, str) and f"metric.{metric}" in self._fallback:
            params = {**params, "metric": self.t(f"metric.{metric}")}
        return self.t(key, **params)

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

    def money(self, value: Number) -> str:
        """Money in the currency's minor units (half away from zero); a whole amount without
        them."""
        shown = shown_money(value, get_currency_precision(self.currency))
        whole = shown == shown.to_integral_value()
        pattern = _money_pattern(self.locale, whole)
        return str(pattern.apply(shown, self._babel, currency=self.currency,
                                 currency_digits=False))

    def percent(self, value: Number) -> str:
        """A ratio (0.37) as a whole percentage, half away from zero."""
        return self._localised(f"{whole_percent(value):,}") + self._symbols["percentSign"]

    def _localised(self, text: str) -> str:
        """Swap Python's "," and "." (and "-") for the locale's group, decimal and minus."""
        symbols = self._symbols
        return text.translate({ord(","): symbols["group"], ord("."): symbols["decimal"],
                               ord("-"): symbols["minusSign"]})

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def short_day(self, value: date) -> str:
        return format_date(value, format=self.t("format.short_day"), locale=self.locale)
