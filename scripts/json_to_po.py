"""Fold JSON message catalogues (bot/i18n/<language>.json, the format before gettext) into the
gettext catalogues: English into bot/i18n/messages.py, every other language into
bot/i18n/locale/<language>/LC_MESSAGES/messages.po. Then delete the JSON files.

    .venv/bin/python scripts/json_to_po.py --base REV && make messages

Key by key, a three-way merge: the JSON is "theirs", the catalogues are "ours", and the JSON at
git revision REV (their common ancestor, `git merge-base HEAD MERGE_HEAD` during a merge) is the
base. A text the JSON left as it was at REV keeps the catalogue's wording; a text the JSON added,
changed or removed since REV is added, changed or removed in the catalogues. A translation whose
English changed while it did not is kept but marked fuzzy (shown in English until reviewed).
Where both sides changed the same text, the JSON wins and the key is listed for review.
Without --base every JSON text counts as new (a first conversion).
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "bot" / "i18n"
SOURCE = I18N / "messages.py"
LOCALE = I18N / "locale"
WIDTH = 100
HEADER = '''"""Every text the bot shows, in English: the source every catalogue translates.

A text is `message(key, english)` or, where the wording follows a number,
`plural(key, singular, plural, counted_parameter)`. The code asks for the key
(`tr.t("card.title", period=...)`); translators see the English, with the key as its context.
After editing: `make messages` (extract, update every .po, compile). A `# TRANSLATORS:` comment
above a text reaches the translators.
"""

from __future__ import annotations

from bot.i18n.source import message, plural
'''

Text = str | tuple[str, ...]  # a plural text is its forms


@dataclass
class Declared:
    """A declaration in messages.py: its text and where it sits (1-based, inclusive)."""

    text: Text
    first: int
    last: int


def read_declarations(path: Path) -> dict[str, Declared]:
    if not path.exists():
        return {}
    lines = path.read_text("utf-8").splitlines()
    found: dict[str, Declared] = {}
    for node in ast.parse("\n".join(lines)).body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id in ("message", "plural")):
            continue
        args = [a.value for a in call.args if isinstance(a, ast.Constant)]
        first = node.lineno
        while first > 1 and lines[first - 2].lstrip().startswith("#"):
            first -= 1  # its comments go with it
        text: Text = args[1] if call.func.id == "message" else (args[1], args[2], args[3])
        found[args[0]] = Declared(text, first, node.end_lineno or node.lineno)
    return found


def literal(text: str, indent: str) -> list[str]:
    """`text` as one or more adjacent string literals, each line within WIDTH."""
    room = WIDTH - len(indent) - 3
    parts: list[str] = []
    current = ""
    for word in text.split(" "):
        piece = word if not current else " " + word
        if current and len(json.dumps(current + piece, ensure_ascii=False)) > room:
            parts.append(current + " ")
            current = word
        else:
            current += piece
    parts.append(current)
    return [indent + json.dumps(p, ensure_ascii=False) for p in parts]


def render(key: str, text: Text) -> str:
    if isinstance(text, str):
        one_line = f"message({json.dumps(key)}, {json.dumps(text, ensure_ascii=False)})"
        if len(one_line) <= WIDTH:
            return one_line
        body = [f"    {json.dumps(key)},", *literal(text, "    ")]
        return "message(\n" + "\n".join(body) + ",\n)"
    singular, plural_, count = text
    body = [f"    {json.dumps(key)},"]
    for form in (singular, plural_):
        rendered = literal(form, "    ")
        rendered[-1] += ","
        body += rendered
    body.append(f"    {json.dumps(count)},")
    return "plural(\n" + "\n".join(body) + "\n)"


def write_declarations(path: Path, declared: dict[str, Declared], final: dict[str, Text]) -> None:
    lines = path.read_text("utf-8").splitlines() if path.exists() else HEADER.splitlines()
    spans = sorted(((d.first, d.last, key) for key, d in declared.items()), reverse=True)
    for first, last, key in spans:  # from the bottom, so earlier line numbers hold
        if key not in final:
            del lines[first - 1:last]
            if first - 1 < len(lines) and not lines[first - 1].strip() and (
                    first < 2 or not lines[first - 2].strip()):
                del lines[first - 1]
        elif final[key] != declared[key].text:
            comments = [x for x in lines[first - 1:last] if x.lstrip().startswith("#")]
            lines[first - 1:last] = [*comments, *render(key, final[key]).splitlines()]
    previous_group = None
    for key, text in final.items():
        if key in declared:
            continue
        group = key.split(".")[0]
        if group != previous_group:
            lines.append("")
        previous_group = group
        lines += render(key, text).splitlines()
    path.write_text("\n".join(lines).rstrip("\n") + "\n", "utf-8")


def json_at(revision: str | None, relative: str) -> dict[str, str]:
    if revision is None:
        return {}
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{relative}"],
                           capture_output=True, text=True, check=False)
    return json.loads(shown.stdout) if shown.returncode == 0 else {}


def merge(base: dict[str, str], theirs: dict[str, str], ours: dict[str, Text],
          review: list[str], label: str) -> dict[str, Text]:
    """Key by key: what the JSON changed since `base` wins, the rest stays as in `ours`."""
    result: dict[str, Text] = dict(ours)
    for key in base.keys() - theirs.keys():  # removed from the JSON
        if key in result and result[key] != base[key]:
            review.append(f"{label} {key}: removed in the JSON, reworded here; removed")
        result.pop(key, None)
    for key, text in theirs.items():
        if key in base and text == base[key]:
            continue  # the JSON left it alone: ours stands (even if we removed it)
        if key in result and result[key] not in (text, base.get(key)):
            review.append(f"{label} {key}: changed on both sides; the JSON's wording taken")
        result[key] = text
    return result


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "messages.po"


def read_translations(language: str) -> tuple[Catalog, dict[str, Text]]:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="sdr-kpi-bot", fuzzy=False), {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    texts: dict[str, Text] = {}
    for entry in catalog:
        if entry.id and entry.context:
            texts[entry.context] = (tuple(entry.string) if isinstance(entry.string, tuple)
                                    else entry.string)
    return catalog, texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="git revision of the JSON both sides started from")
    parser.add_argument("--keep-json", action="store_true", help="do not delete the JSON files")
    args = parser.parse_args(argv)
    english_json = I18N / "en.json"
    if not english_json.exists():
        print("No bot/i18n/en.json: nothing to convert.", file=sys.stderr)
        return 1
    review: list[str] = []
    declared = read_declarations(SOURCE)
    ours_en = {key: d.text for key, d in declared.items()}
    base_en = json_at(args.base, "bot/i18n/en.json")
    theirs_en = json.loads(english_json.read_text("utf-8"))
    english = merge(base_en, theirs_en, ours_en, review, "en")
    # English taken from the JSON: a key whose wording (or kind) the JSON changed since base.
    reworded = {k for k in english if k in theirs_en and theirs_en[k] != base_en.get(k)
                and ours_en.get(k) != english[k]}
    write_declarations(SOURCE, declared, english)

    for path in sorted(I18N.glob("*.json")):
        language = path.stem
        if language == "en":
            continue
        catalog, ours = read_translations(language)
        base = json_at(args.base, f"bot/i18n/{language}.json")
        theirs = json.loads(path.read_text("utf-8"))
        texts = merge(base, theirs, ours, review, language)
        fresh = Catalog(locale=language, project="sdr-kpi-bot", fuzzy=False)
        for name in ("project", "version", "header_comment", "copyright_holder",
                     "msgid_bugs_address", "last_translator", "language_team",
                     "creation_date", "revision_date"):
            setattr(fresh, name, getattr(catalog, name))
        comments = {e.context: e.user_comments for e in catalog if e.id and e.context}
        for key, source in english.items():
            text = texts.get(key)
            msgid = source if isinstance(source, str) else (source[0], source[1])
            if text is None:
                string: str | tuple[str, ...] = "" if isinstance(source, str) else ("", "")
            elif isinstance(source, str) != isinstance(text, str):
                review.append(f"{language} {key}: plural on one side only; left to translate")
                string = "" if isinstance(source, str) else ("", "")
            else:
                string = text if isinstance(text, str) else tuple(text)
            changed_here = key in theirs and theirs.get(key) != base.get(key)
            stale = key in reworded and not changed_here and bool(text)
            fresh.add(msgid, string, context=key, flags=("fuzzy",) if stale else (),
                      user_comments=comments.get(key, []))
            if stale:
                review.append(f"{language} {key}: English reworded; translation marked fuzzy")
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        with po_path(language).open("wb") as handle:
            write_po(handle, fresh, width=76)
        if not args.keep_json:
            path.unlink()
    if not args.keep_json:
        english_json.unlink()
    for line in review:
        print("review:", line)
    print(f"{len(english)} texts in {SOURCE.relative_to(ROOT)}; now run `make messages`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
