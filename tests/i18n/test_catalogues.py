"""Every language says everything: the same keys, the same placeholders, the plural forms its
locale needs; every language has its typed words; and a third language is two new files."""

from __future__ import annotations

import json
import shutil
import string
from datetime import date
from pathlib import Path

import pytest
from babel import Locale

from bot import i18n
from bot.kpi import words as words_module
from bot.kpi.logparse import parse_log
from bot.kpi.metrics import Metric
from bot.kpi.periods import PERIOD_WORDS, PeriodChoice, PeriodKind, parse_period_choice
from bot.kpi.words import Words, all_words, languages, words_for

TODAY = date(2026, 11, 27)
PLURALS = ("zero", "one", "two", "few", "many", "other")  # CLDR plural categories
I18N = Path(i18n.__file__).parent


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_catalogue_has_every_key() -> None:
    keys = {language: set(i18n.catalogue(language)) for language in i18n.LANGUAGES}
    english = keys["en"]
    for language, found in keys.items():
        assert found == english, (language, sorted(english ^ found)[:10])


@pytest.mark.parametrize("language", [code for code in i18n.LANGUAGES if code != "en"])
def test_the_same_placeholders_in_every_text(language: str) -> None:
    english, other = i18n.catalogue("en"), i18n.catalogue(language)
    differ = [k for k in english if k in other and placeholders(english[k]) != placeholders(
        other[k])]
    assert not differ, differ


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_plural_forms_where_used(language: str) -> None:
    """A text with plural forms (key.one, key.other, ...) has every form the locale uses."""
    catalogue = i18n.catalogue(language)
    needed = set(Locale.parse(i18n._babel_locale(language)).plural_form.tags) | {"other"}
    bases = {k.rsplit(".", 1)[0] for k in catalogue if k.rsplit(".", 1)[-1] in PLURALS
             and k.count(".") >= 2}
    for base in bases:
        forms = {k.rsplit(".", 1)[1] for k in catalogue if k.rsplit(".", 1)[0] == base}
        assert needed <= forms, (language, base, needed - forms)


def test_every_language_has_its_words_and_the_words_a_language() -> None:
    assert set(languages()) == set(i18n.LANGUAGES)
    for language in languages():
        assert words_for(language) != Words(), language


def test_a_phrase_means_the_same_in_every_language() -> None:
    meaning: dict[str, tuple[str, int]] = {}
    for language in languages():
        for phrase, kind, back in words_for(language).periods:
            assert meaning.setdefault(phrase, (kind, back)) == (kind, back), phrase
    on = {w for code in languages() for w in words_for(code).on}
    off = {w for code in languages() for w in words_for(code).off}
    assert not on & off


def test_the_buttons_tokens_are_typed_words() -> None:
    """A period button carries its token; the listener reads it back as typed words."""
    for token in (*PERIOD_WORDS, "yesterday", "last month", "last quarter"):
        choice = parse_period_choice(token)
        assert choice is not None and choice.token == token


def test_words_of_one_language_only() -> None:
    norwegian = words_for("nb")
    assert parse_period_choice("forrige uke", words=norwegian) == PeriodChoice(
        PeriodKind.WEEK, 1)
    assert parse_period_choice("last week", words=norwegian) is None
    assert parse_period_choice("last week") == PeriodChoice(PeriodKind.WEEK, 1)  # every language


def test_a_third_language_is_two_new_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """Swedish: a catalogue and a words file beside the others, and nothing else changes."""
    (tmp_path / "words").mkdir()
    for language in i18n.LANGUAGES:
        shutil.copy(I18N / f"{language}.json", tmp_path / f"{language}.json")
        shutil.copy(I18N / "words" / f"{language}.json", tmp_path / "words" / f"{language}.json")
    swedish = {**i18n.catalogue("en"), "metric.calls": "Samtal", "kind.week": "vecka"}
    (tmp_path / "sv.json").write_text(json.dumps(swedish), "utf-8")
    (tmp_path / "words" / "sv.json").write_text(json.dumps({
        "periods": {"förra veckan": ["week", 1], "i dag": ["day", 0]},
        "days_back": {"i går": 1}, "and": ["och"], "worth": ["värt"], "source": ["källa"],
        "note": ["anteckning"], "currencies": {"sek": ["SEK"]}, "on": ["på"], "off": ["av"],
    }, ensure_ascii=False), "utf-8")

    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    monkeypatch.setattr(i18n, "LANGUAGES", i18n.find_languages(tmp_path))
    monkeypatch.setattr(words_module, "WORDS_DIR", tmp_path / "words")
    for cached in (i18n.catalogue, words_for, all_words):
        cached.cache_clear()
    try:
        assert "sv" in i18n.LANGUAGES and "sv" in languages()
        tr = i18n.Translator("sv-SE")
        assert (tr.language, tr.locale) == ("sv", "sv_SE")
        assert tr.t("metric.calls") == "Samtal" and tr.t("kind.week") == "vecka"
        assert parse_period_choice("förra veckan") == PeriodChoice(PeriodKind.WEEK, 1)
        logged = parse_log("5 calls och 2 meetings källa: inbound", today=TODAY)
        assert logged.quantities == {Metric.CALLS: 5, Metric.MEETINGS_BOOKED: 2}
        assert logged.source == "inbound"
        assert parse_log("1 opportunity värt 12 000 sek", today=TODAY).quantities[
            Metric.PIPELINE] == 12_000
    finally:
        for cached in (i18n.catalogue, words_for, all_words):
            cached.cache_clear()
