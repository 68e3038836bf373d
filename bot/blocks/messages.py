"""Short ephemeral answers: what was logged, what was undone, what went wrong, and help."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.blocks import ids
from bot.blocks.numbers import amount
from bot.blocks.text import Block, actions, button, context, escape, header, section
from bot.i18n import Translator
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import Period
from bot.kpi.words import words_for


def quantities_text(quantities: Mapping[Metric, float], tr: Translator) -> str:
    return ", ".join(
        f"{tr.t(f'metric.{metric.value}')} *{amount(metric, value, tr)}*"
        for metric, value in quantities.items()
    )


def build_logged_blocks(
    *,
    quantities: Mapping[Metric, float],
    day: date,
    today: date,
    source: str | None,
    note: str | None,
    tr: Translator,
    technique: str | None = None,
    posted_week: Period | None = None,
) -> list[Block]:
    """`posted_week`: the logged day's week, when its scorecard was posted already."""
    when = tr.t("logged.today") if day == today else tr.day(day)
    lines = [tr.t("logged.title", what=quantities_text(quantities, tr), when=when)]
    extras = []
    if source:
        extras.append(tr.t("logged.source", source=escape(source)))
    if technique:
        extras.append(tr.t("logged.technique", technique=escape(technique)))
    if note:
        extras.append(tr.t("logged.note", note=escape(note)))
    blocks: list[Block] = [section("\n".join(lines))]
    if extras:
        blocks.append(context(" · ".join(extras)))
    if posted_week is not None:
        blocks.append(context(tr.t("logged.week_posted",
                                   week=posted_week.start.isocalendar().week)))
    blocks.append(context(tr.t("logged.undo_hint")))
    blocks.append(actions(button(tr.t("button.my_kpis"), action_id=ids.OPEN_MY_KPIS, value="week"),
                          button(tr.t("button.log_more"), action_id=ids.OPEN_LOG_MODAL)))
    return blocks


def build_undone_blocks(
    *, quantities: Mapping[Metric, float], day: date, tr: Translator
) -> list[Block]:
    return [section(tr.t("undo.done", what=quantities_text(quantities, tr), when=tr.day(day)))]


HELP_COMMAND = "/kpi help"


def build_error_blocks(*, problem: str, example: str | None, tr: Translator) -> list[Block]:
    """A refusal, an example of the command that works and the help hint, said once: with no
    example of its own (or help itself as the example), only the hint."""
    if example is None or example.strip() == HELP_COMMAND:
        hint = tr.t("error.help")
    else:
        hint = tr.t("error.example", example=example)
    return [section(f":warning: {problem}"), context(hint)]


# More lines of help after a subcommand's own `help.<name>`.
HELP_EXTRAS: dict[str, tuple[str, ...]] = {"log": ("log_tags", "log_modal")}


def typed_metrics(language: str) -> str:
    """Each metric as a user of `language` types it: the first of the language's own words
    (bot/i18n/words/<language>.json), else the table's typed form and hint."""
    own: dict[str, str] = {}
    for phrase, key in words_for(language).metrics:
        own.setdefault(key, phrase)
    return ", ".join(own.get(m.value) or (f"{m.spec.typed} ({m.spec.hint})" if m.spec.hint
                                          else m.spec.typed) for m in METRICS)


def build_help_blocks(*, tr: Translator, subcommands: Sequence[str]) -> list[Block]:
    """`/kpi help`: /mykpis, then each `/kpi` subcommand in the order given (the listener's
    table), so a new subcommand cannot go unlisted."""
    blocks: list[Block] = [header(tr.t("help.title")), section(tr.t("help.intro")),
                           section(tr.t("help.mykpis"))]
    for name in subcommands:
        for key in (name, *HELP_EXTRAS.get(name, ())):
            blocks.append(section(tr.t(f"help.{key}")))
    blocks.append(context(tr.t("help.metrics", metrics=typed_metrics(tr.language))))
    blocks.append(context(tr.t("help.numbers")))
    return blocks
