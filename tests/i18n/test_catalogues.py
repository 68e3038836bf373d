"""Every language says everything: every message, every plural form, the same placeholders;
the compiled .mo files and the template agree with their sources; every language has its typed
words; and a third language is a .po file and a words file."""

from __future__ import annotations

import json
import shutil
import string
import tomllib
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import i18n
from bot.i18n import catalogues
from bot.i18n.source import MESSAGES, Message
from bot.kpi import words as words_module
from bot.kpi.logparse import parse_log
from bot.kpi.metrics import Metric
from bot.kpi.periods import PERIOD_WORDS, PeriodChoice, PeriodKind, parse_period_choice
from bot.kpi.words import Words, all_words, languages, words_for

TODAY = date(2026, 11, 27)
LOCALE = catalogues.LOCALE_DIR
TRANSLATED = [code for code in i18n.LANGUAGES if code != "en"]
KEYWORDS = {"message": ((1, "c"), 2), "plural": ((1, "c"), 2, 3)}  # as `make messages` says


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def po(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def forms_of(string_: object) -> tuple[str, ...]:
    """A catalogue entry's translation as its forms (one for a text without plural forms)."""
    if isinstance(string_, str):
        return (string_,)
    assert isinstance(string_, tuple | list)
    return tuple(str(form) for form in string_)


def english(entry: Message) -> str | tuple[str, str]:
    return entry.singular if entry.plural is None else (entry.singular, entry.plural)


def test_norwegian_is_a_language() -> None:
    assert i18n.LANGUAGES[0] == "en" and "nb" in i18n.LANGUAGES


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_translated_with_every_plural_form(language: str) -> None:
    """Each text the code declares is in the catalogue, for the same English, not fuzzy, with
    every plural form the language's Plural-Forms asks for; and nothing else is."""
    catalog = po(language)
    found = {m.context: m for m in catalog if m.id and m.context}
    assert set(found) == set(MESSAGES), sorted(set(found) ^ set(MESSAGES))[:10]
    for key, entry in MESSAGES.items():
        translated = found[key]
        assert translated.id == english(entry), key
        assert not translated.fuzzy, f"{language} {key} is fuzzy: review it"
        forms = translated.string if entry.plural else (translated.string,)
        assert isinstance(forms, tuple) and len(forms) == (
            catalog.num_plurals if entry.plural else 1), key
        assert all(forms), f"{language} {key} lacks a form"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_same_placeholders_in_every_text_and_form(language: str) -> None:
    found = {m.context: m for m in po(language) if m.id}
    differ = []
    for key, entry in MESSAGES.items():
        wanted = placeholders(entry.plural or entry.singular)
        forms = forms_of(found[key].string)
        # A form for one may leave the count out ("last week"); the form for many never does.
        differ += [(key, form) for form in forms
                   if placeholders(form) | {entry.count or ""} - {""} != wanted]
        if entry.count is not None and entry.count not in placeholders(forms[-1]):
            differ.append((key, forms[-1]))
    assert not differ, differ


def test_plural_texts_count_a_placeholder_of_both_forms() -> None:
    for entry in MESSAGES.values():
        if entry.plural is not None:
            # The form for one may name it ("last week") where the language's "one" is 1 only.
            assert entry.count in placeholders(entry.plural)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file_compiled(language: str) -> None:
    """The .mo the bot reads is what `make messages` makes of the .po translators edit."""
    compiled = BytesIO()
    write_mo(compiled, po(language))
    committed = (LOCALE / language / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert compiled.getvalue() == committed, "run `make messages` and commit the .mo"


def test_the_template_holds_every_declared_text() -> None:
    source = Path(catalogues.__file__).with_name("messages.py")
    extracted = {(context, msgid) for _, msgid, _, context in extract_from_file(
        "python", str(source), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",))}
    with (LOCALE / "messages.pot").open("rb") as handle:
        template = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert extracted == template, "run `make messages`"
    assert {context for context, _ in extracted} == set(MESSAGES)


@pytest.mark.parametrize(("language", "one", "many"), [
    ("en", "Saved 1 target change.", "Saved 3 target changes."),
    ("nb", "Lagret 1 endring i målene.", "Lagret 3 endringer i målene."),
])
def test_plural_forms_follow_the_count(language: str, one: str, many: str) -> None:
    tr = i18n.Translator(language)
    assert one in tr.t("targets.saved", count=1, told=0)
    assert many in tr.t("targets.saved", count=3, told=0)
    assert tr.t("team.from_opportunities", count=1) != tr.t("team.from_opportunities", count=2)
    assert "1 working day left" in i18n.Translator("en").t("nudge.behind_intro", days=1)
    # the form for one may leave the number out; the form for many never does
    assert tr.t("card.own_average.week", count=1, value="7") != tr.t(
        "card.own_average.week", count=4, value="7")


def test_counts_print_as_numbers_do() -> None:
    assert "1,500 characters" in i18n.Translator("en-US").t("parse.too_long", limit=1500)
    assert "1\u00a0500 tegn" in i18n.Translator("nb-NO").t("parse.too_long", limit=1500)


def test_norwegian_dates_percentages_and_weekdays() -> None:
    tr = i18n.Translator("nb-NO")
    assert tr.month(date(2026, 11, 3)) == "november 2026"
    assert tr.weekday(0) == "mandag"
    assert tr.percent(0.09) == "9\u00a0%"
    assert i18n.Translator("en-US").percent(0.09) == "9%"
    assert i18n.Translator("en-US").month(date(2026, 11, 3)) == "November 2026"


def test_norwegian_percent_signs_have_a_no_break_space() -> None:
    found = {m.context: m for m in po("nb") if m.id}
    for key, entry in found.items():
        for form in forms_of(entry.string):
            for index in (i for i, char in enumerate(form) if char == "%"):
                before = form[index - 1] if index else ""
                assert before in ("\u00a0", "(", ""), (key, form)


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
    """Swedish: a compiled catalogue and a words file beside the others, and nothing else."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    (tmp_path / "words").mkdir()
    for language in languages():
        shutil.copy(words_module.WORDS_DIR / f"{language}.json",
                    tmp_path / "words" / f"{language}.json")
    swedish = Catalog(locale="sv")
    for key, entry in MESSAGES.items():
        swedish.add(english(entry), {"metric.calls": "Samtal", "kind.week": "vecka"}.get(key, ""),
                    context=key)
    (locale / "sv" / "LC_MESSAGES").mkdir(parents=True)
    with (locale / "sv" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, swedish)
    (tmp_path / "words" / "sv.json").write_text(json.dumps({
        "periods": {"förra veckan": ["week", 1], "i dag": ["day", 0]},
        "days_back": {"i går": 1}, "and": ["och"], "worth": ["värt"], "source": ["källa"],
        "note": ["anteckning"], "currencies": {"sek": ["SEK"]}, "on": ["på"], "off": ["av"],
        "metrics": {"calls": ["samtal"]},
    }, ensure_ascii=False), "utf-8")

    monkeypatch.setattr(catalogues, "LOCALE_DIR", locale)
    monkeypatch.setattr(i18n, "LANGUAGES", i18n.find_languages(locale))
    monkeypatch.setattr(words_module, "WORDS_DIR", tmp_path / "words")
    caches = (i18n.catalogue, catalogues.translations, words_for, all_words)
    for cached in caches:
        cached.cache_clear()
    try:
        assert "sv" in i18n.LANGUAGES and "sv" in languages()
        tr = i18n.Translator("sv-SE")
        assert (tr.language, tr.locale) == ("sv", "sv_SE")
        assert tr.t("metric.calls") == "Samtal" and tr.t("kind.week") == "vecka"
        assert tr.t("metric.emails") == "Emails"  # untranslated: English
        assert parse_period_choice("förra veckan") == PeriodChoice(PeriodKind.WEEK, 1)
        logged = parse_log("5 samtal och 2 meetings källa: inbound", today=TODAY)
        assert logged.quantities == {Metric.CALLS: 5, Metric.MEETINGS_BOOKED: 2}
        assert logged.source == "inbound"
        assert parse_log("1 opportunity värt 12 000 sek", today=TODAY).quantities[
            Metric.PIPELINE] == 12_000
    finally:
        for cached in caches:
            cached.cache_clear()


def test_the_compiled_catalogues_are_package_data() -> None:
    """`pip install .` (the Docker image) ships the .mo files the bot reads."""
    pyproject = tomllib.loads((LOCALE.parents[2] / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot"]
    package = LOCALE.parents[1]
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    for language in TRANSLATED:
        assert LOCALE / language / "LC_MESSAGES" / "messages.mo" in shipped, language
