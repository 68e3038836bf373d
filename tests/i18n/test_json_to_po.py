"""scripts/json_to_po.py: JSON catalogues from a branch folded into the gettext catalogues,
key by key against their common ancestor, so neither side's work is lost."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "json_to_po.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("json_to_po", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BASE_EN = {"a.same": "Same", "a.reworded": "Old words", "a.removed": "Gone soon",
           "a.mine": "I made this plural: {count} things", "a.both": "Both {x}"}
BASE_NB = {"a.same": "Samme", "a.reworded": "Gamle ord", "a.removed": "Snart borte",
           "a.mine": "{count} ting", "a.both": "Begge {x}"}
OURS_SOURCE = '''"""Declarations."""

from __future__ import annotations

from bot.i18n.source import message, plural

message("a.same", "Same")
message("a.reworded", "Old words")
message("a.removed", "Gone soon")
# TRANSLATORS: a note that must survive
plural("a.mine", "I made this plural: {count} thing", "I made this plural: {count} things",
       "count")
message("a.both", "Both {x}, ours")
message("a.ours_new", "Ours only")
'''


def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    script = load()
    i18n = tmp_path / "bot" / "i18n"
    (i18n / "locale" / "nb" / "LC_MESSAGES").mkdir(parents=True)
    (i18n / "messages.py").write_text(OURS_SOURCE, "utf-8")
    po = i18n / "locale" / "nb" / "LC_MESSAGES" / "messages.po"
    po.write_text('''msgid ""
msgstr ""
"Language: nb\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# checked by Kari
msgctxt "a.same"
msgid "Same"
msgstr "Samme, fint"

msgctxt "a.reworded"
msgid "Old words"
msgstr "Gamle ord"

msgctxt "a.removed"
msgid "Gone soon"
msgstr "Snart borte"

msgctxt "a.mine"
msgid "I made this plural: {count} thing"
msgid_plural "I made this plural: {count} things"
msgstr[0] "{count} ting"
msgstr[1] "{count} ting"

msgctxt "a.both"
msgid "Both {x}, ours"
msgstr "Begge {x}, våre"

msgctxt "a.ours_new"
msgid "Ours only"
msgstr "Bare våre"
''', "utf-8")
    theirs_en = {**BASE_EN, "a.reworded": "New words", "a.both": "Both {x}, theirs",
                 "z.theirs_new": "Theirs, long enough to be wrapped over two lines of "
                                 "declarations in the messages file: {n} of them."}
    del theirs_en["a.removed"]
    theirs_nb = {**BASE_NB, "a.both": "Begge {x}, deres", "z.theirs_new": "Deres: {n}"}
    del theirs_nb["a.removed"]
    (i18n / "en.json").write_text(json.dumps(theirs_en), "utf-8")
    (i18n / "nb.json").write_text(json.dumps(theirs_nb, ensure_ascii=False), "utf-8")
    bases = {"bot/i18n/en.json": BASE_EN, "bot/i18n/nb.json": BASE_NB}
    monkeypatch.setattr(script, "I18N", i18n)
    monkeypatch.setattr(script, "SOURCE", i18n / "messages.py")
    monkeypatch.setattr(script, "LOCALE", i18n / "locale")
    monkeypatch.setattr(script, "ROOT", tmp_path)
    monkeypatch.setattr(script, "json_at", lambda revision, relative: bases[relative])
    return script


def test_a_three_way_merge_key_by_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    script = setup(tmp_path, monkeypatch)
    assert script.main(["--base", "BASE"]) == 0
    source = (tmp_path / "bot" / "i18n" / "messages.py").read_text("utf-8")
    compile(source, "messages.py", "exec")
    declared = {key: d.text for key, d in script.read_declarations(
        tmp_path / "bot" / "i18n" / "messages.py").items()}
    assert declared == {
        "a.same": "Same",
        "a.reworded": "New words",  # theirs reworded it
        "a.mine": ("I made this plural: {count} thing", "I made this plural: {count} things",
                   "count"),  # ours: they left it alone
        "a.both": "Both {x}, theirs",  # both changed: theirs, listed for review
        "a.ours_new": "Ours only",
        "z.theirs_new": "Theirs, long enough to be wrapped over two lines of declarations in "
                        "the messages file: {n} of them.",
    }
    assert "# TRANSLATORS: a note that must survive" in source
    assert all(len(line) <= 100 for line in source.splitlines())
    with (tmp_path / "bot/i18n/locale/nb/LC_MESSAGES/messages.po").open("rb") as handle:
        po = {m.context: m for m in read_po(handle) if m.id}
    assert po["a.same"].string == "Samme, fint" and po["a.same"].user_comments == [
        "checked by Kari"]
    assert po["a.reworded"].id == "New words" and po["a.reworded"].fuzzy  # to review
    assert po["a.both"].string == "Begge {x}, deres" and not po["a.both"].fuzzy
    assert po["a.mine"].string == ("{count} ting", "{count} ting")
    assert po["z.theirs_new"].string == "Deres: {n}"
    assert "a.removed" not in po and po["a.ours_new"].string == "Bare våre"
    assert not (tmp_path / "bot/i18n/en.json").exists()
    assert not (tmp_path / "bot/i18n/nb.json").exists()
    review = capsys.readouterr().out
    assert "en a.both" in review and "nb a.reworded" in review


def test_a_first_conversion_takes_every_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    script = setup(tmp_path, monkeypatch)
    (tmp_path / "bot/i18n/messages.py").unlink()
    (tmp_path / "bot/i18n/locale/nb/LC_MESSAGES/messages.po").unlink()
    monkeypatch.setattr(script, "json_at", lambda revision, relative: {})
    assert script.main(["--keep-json"]) == 0
    declared = script.read_declarations(tmp_path / "bot/i18n/messages.py")
    assert set(declared) == {"a.same", "a.reworded", "a.mine", "a.both", "z.theirs_new"}
    assert (tmp_path / "bot/i18n/en.json").exists()
