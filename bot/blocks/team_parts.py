"""The parts of a team scorecard both surfaces show: the manager's view (`/kpi team`) and the
weekly post to the team's channel. Each surface picks its own words (`TeamWording`) and the
extras it adds (pace on the manager's view); the numbers and their layout are built here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bot.blocks.numbers import (
    amount,
    attainment,
    change_text,
    goal,
    rate_text,
    with_other_money,
)
from bot.blocks.scorecard import STATUS_EMOJI, rates_section
from bot.blocks.text import Block, clip, escape
from bot.i18n import Translator
from bot.kpi.metrics import RATES, Metric, Rate
from bot.kpi.pace import pace
from bot.kpi.rounding import whole_percent
from bot.kpi.team import SdrRow, TeamScorecard

MEDALS = (":first_place_medal:", ":second_place_medal:", ":third_place_medal:")
MAX_FIELDS = 10  # Slack takes at most 10 fields in one section
FIELD_LIMIT = 2000


@dataclass(frozen=True)
class TeamWording:
    """How one surface words the same numbers."""

    of_target: Callable[[str, str], str]  # (target, percent) -> "of 100 · 90%"
    previous_rate: Callable[[str], str]  # a rate's value before -> "(week before 20%)"


@dataclass(frozen=True)
class PaceDays:
    """Working days of a period in progress, for the pace mark beside a total."""

    elapsed: int
    total: int


def display_name(user_id: str, names: Mapping[str, str]) -> str:
    name = names.get(user_id)
    return escape(name) if name else f"<@{user_id}>"


def medal(rank: int) -> str:
    return MEDALS[rank - 1] if rank <= len(MEDALS) else f"{rank}."


def team_change_text(card: TeamScorecard, metric: Metric, tr: Translator) -> str:
    """The change on what the period is compared with; "" when both are 0."""
    return change_text(card.change(metric), metric, card.basis, card.period.kind, tr)


def total_text(card: TeamScorecard, metric: Metric, tr: Translator, wording: TeamWording,
               days: PaceDays | None = None) -> str:
    """A metric's team total, against the summed targets, with its change; with `days`, the
    pace mark of a period in progress."""
    actual = card.totals.get(metric, 0.0)
    target = card.targets.get(metric)
    printed = amount(metric, actual, tr)
    if metric.is_money and card.other_money:  # other currencies beside it, never converted
        printed = with_other_money(printed, card.other_money, tr)
    text = f"*{tr.t(f'metric.{metric.value}')}*\n*{printed}*"
    if target:
        # a target that prints as 0 (0.04 meetings a day) has no percentage to show
        percent = attainment(metric, actual, target, tr) or "–"
        text += " " + wording.of_target(goal(metric, target, tr), percent)
        if days is not None and days.total > 0:
            status = pace(target=target, actual=actual, elapsed_days=days.elapsed,
                          total_days=days.total).status
            text += f" {STATUS_EMOJI[status]}"
    change = team_change_text(card, metric, tr)
    return text + (f"\n{change}" if change else "")


def field_sections(title: str, fields: Sequence[str]) -> list[Block]:
    """Fields in sections of at most 10 (Slack's limit), the title on the first: however many
    metrics the table holds, none is cut off."""
    blocks: list[Block] = []
    for start in range(0, len(fields), MAX_FIELDS):
        block: Block = {"type": "section", "fields": [
            {"type": "mrkdwn", "text": clip(text, FIELD_LIMIT)}
            for text in fields[start:start + MAX_FIELDS]]}
        if start == 0:
            block["text"] = {"type": "mrkdwn", "text": title}
        blocks.append(block)
    return blocks


def totals_sections(card: TeamScorecard, metrics: Sequence[Metric], *, title: str,
                    tr: Translator, wording: TeamWording, days: PaceDays | None = None
                    ) -> list[Block]:
    return field_sections(f"*{title}*",
                          [total_text(card, m, tr, wording, days) for m in metrics])


def average_opportunity(card: TeamScorecard) -> tuple[Rate, float] | None:
    """The average opportunity value, from the rate the table derives from pipeline."""
    rate = next(d for d in RATES if d.numerator is Metric.PIPELINE).rate
    value = card.rates.get(rate)
    return (rate, value) if value is not None else None


def average_opportunity_text(card: TeamScorecard, tr: Translator) -> str | None:
    found = average_opportunity(card)
    return rate_text(found[0], found[1], tr) if found else None


def rates_block(card: TeamScorecard, *, title: str, tr: Translator, wording: TeamWording,
                only_logged: bool = False) -> Block | None:
    """Quality and conversion, each beside its value in the period before. With
    `only_logged`, a rate of a metric the team does not log is left out (it would read 0 %)."""
    def logged(rate: Rate) -> bool:
        numerator = next(d.numerator for d in RATES if d.rate is rate)
        return bool(card.totals.get(numerator) or card.previous_totals.get(numerator))

    return rates_section(card.rates, card.previous_rates, title=title, tr=tr,
                         other_label=wording.previous_rate,
                         shown=logged if only_logged else lambda rate: True)


def highlights(card: TeamScorecard, names: Mapping[str, str], *,
               top: Callable[[str, Fraction], str], improved: Callable[[str, int], str]
               ) -> list[str]:
    """The top attainment and the most improved SDR, worded by the surface:
    top(name, attainment) and improved(name, points up)."""
    lines = []
    best = card.top
    if best is not None and best.attainment is not None:
        lines.append(top(display_name(best.user_id, names), best.attainment))
    most = card.most_improved
    if most is not None and most.improvement is not None:
        lines.append(improved(display_name(most.user_id, names),
                              whole_percent(most.improvement)))
    return lines


def ranked(rows: Sequence[SdrRow]) -> list[tuple[int | None, SdrRow]]:
    """Each row with its rank; SDRs without targets have no attainment and no rank."""
    result: list[tuple[int | None, SdrRow]] = []
    rank = 0
    for row in rows:
        if row.attainment is not None:
            rank += 1
            result.append((rank, row))
        else:
            result.append((None, row))
    return result
