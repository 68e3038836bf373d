"""The message catalogue (English, Norwegian Bokmål) and locale-aware numbers, money and dates."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LANGUAGES = ("en", "nb")
_HERE = Path(__file__).parent


@cache
def catalogue(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((_HERE / f"{language}.json").read_text("utf-8"))
    return data


def language_of(locale: str | None) -> str:
    """Slack locales look like en-US or nb-NO; Norwegian (no, nn, nb) reads Bokmål."""
    prefix = (locale or "en").replace("_", "-").split("-")[0].lower()
    return "nb" if prefix in ("nb", "no", "nn") else "en"


def _babel_locale(locale: str | None) -> str:
    language = language_of(locale)
    if language == "nb":
        return "nb_NO"
    region = (locale or "en-US").replace("_", "-").split("-")
    return f"en_{region[1].upper()}" if len(region) > 1 and region[1].isalpha() else "en_US"


class Translator:
    """Texts and formats for one reader: t("key", name=value), number(), money(), percent()."""

    def __init__(self, locale: str | None = None, currency: str = "USD") -> None:
        self.language = language_of(locale)
        self.locale = _babel_locale(locale)
        self.currency = currency
        self._texts = catalogue(self.language)
        self._fallback = catalogue("en")

    def t(self, key: str, **params: object) -> str:
        template = self._texts.get(key) or self._fallback[key]
        return template.format(**params) if params else template

    def problem(self, key: str, params: dict[str, object]) -> str:
        """An error text whose `metric` parameter (a metric key) reads as the metric's name."""
        metric = params.get("metric")
        if isinstance(metric, str) and f"metric.{metric}" in self._fallback:
            params = {**params, "metric": self.t(f"metric.{metric}")}
        return self.t(key, **params)

    def has(self, key: str) -> bool:
        return key in self._fallback

    def number(self, value: float) -> str:
        if value == int(value):
            return format_decimal(int(value), locale=self.locale)
        return format_decimal(value, format="#,##0.#", locale=self.locale)

    def money(self, value: float) -> str:
        pattern = Locale.parse(self.locale).currency_formats["standard"].pattern
        if abs(value - round(value)) < 0.005 or abs(value) >= 10_000:
            pattern = pattern.replace(".00", "")
            value = round(value)
        return format_currency(value, self.currency, format=pattern, locale=self.locale,
                               currency_digits=False)

    def percent(self, value: float) -> str:
        return format_percent(value, format="#,##0%", locale=self.locale)

    def signed_percent(self, value: float) -> str:
        text = self.percent(abs(value))
        return ("+" if value >= 0 else "−") + text

    def day(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def short_day(self, value: date) -> str:
        return format_date(value, format="d. MMM" if self.language == "nb" else "MMM d",
                           locale=self.locale)
