"""The one finding of the week the data supports, for the weekly post: a source whose
conversion moved beyond chance, or a noted change with a likely real effect. Or none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.insights.breakdown import rates_of
from bot.insights.stats import ALPHA, CORRECTION, Comparison, Verdict, compare
from bot.kpi.metrics import Metric, Rate

WINDOW_WEEKS = 4  # the last four weeks against the four before them


@dataclass(frozen=True)
class Finding:
    comparison: Comparison
    p_value: float  # corrected for the number of sources tested, for a source
    source: str | None = None
    note_text: str | None = None
    note_day: date | None = None
    rate: Rate = Rate.CONVERSION


def source_shifts(before: Mapping[str, Mapping[Metric, float]],
                  after: Mapping[str, Mapping[Metric, float]]) -> list[Finding]:
    """Each source's conversion, recent weeks against the weeks before, kept where the
    difference survives a Bonferroni correction for the number of sources tested."""
    tested = []
    for source in sorted(set(before) & set(after)):
        # only the conversion: the other rates' intervals would be computed for nothing
        c = compare(rates_of(before[source], (Rate.CONVERSION,))[Rate.CONVERSION],
                    rates_of(after[source], (Rate.CONVERSION,))[Rate.CONVERSION])
        if c.p_value is not None:
            tested.append((source, c))
    if not tested:
        return []
    from statsmodels.stats.multitest import multipletests  # heavy: only when there is a test

    _, adjusted, _, _ = multipletests([c.p_value for _, c in tested], alpha=ALPHA,
                                      method=CORRECTION)
    return [Finding(c, float(p), source=s) for (s, c), p in zip(tested, adjusted, strict=True)
            if p < ALPHA]


def note_findings(notes: Iterable[tuple[str, date, Mapping[Rate, Comparison]]]
                  ) -> list[Finding]:
    return [Finding(c, c.p_value, note_text=text, note_day=day, rate=rate)
            for text, day, comparisons in notes for rate, c in comparisons.items()
            if c.verdict is Verdict.LIKELY_REAL and c.p_value is not None]


def finding_of_the_week(findings: Iterable[Finding]) -> Finding | None:
    """The strongest evidence among the findings (lowest p-value), or none."""
    return min(findings, key=lambda f: (f.p_value, f.source or f.note_text or ""),
               default=None)


@dataclass(frozen=True)
class WeeklyInsight:
    finding: Finding | None
    stale_count: int
    stale_days: int
