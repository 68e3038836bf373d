"""Numbers as every surface prints them, through one rounding rule (bot/kpi/rounding.py):
amounts, targets, the percentage beside them, and a change against a comparison's base.

A percentage is computed from the two numbers as printed, so "8 of 21.6 · 37%" is what a
reader gets dividing 8 by 21.6.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from babel.numbers import get_currency_precision

from bot.i18n import Translator
from bot.kpi.comparison import Basis, Change
from bot.kpi.metrics import Metric, Rate, implausible
from bot.kpi.periods import PeriodKind
from bot.kpi.rounding import Number, percent_of, shown_count, shown_money, shown_target


def _places(tr: Translator) -> int:
    return get_currency_precision(tr.currency)


def shown(metric: Metric, value: Number, tr: Translator) -> Decimal:
    """An actual, an average or an amount a day, as printed."""
    return shown_money(value, _places(tr)) if metric.is_money else shown_count(value)


def shown_goal(metric: Metric, value: Number, tr: Translator) -> Decimal:
    """A target as printed: whole, or one decimal when it is not whole; money in minor
    units."""
    return shown_target(value, money=metric.is_money, places=_places(tr))


def amount(metric: Metric, value: Number, tr: Translator) -> str:
    """Money as money; counts whole from 10 up, with one decimal below (2.5 meetings a week
    says more than 3)."""
    printed = shown(metric, value, tr)
    return tr.money(printed) if metric.is_money else tr.number(printed)


def goal(metric: Metric, value: Number, tr: Translator) -> str:
    printed = shown_goal(metric, value, tr)
    return tr.money(printed) if metric.is_money else tr.number(printed)


def attainment(metric: Metric, actual: Number, target: Number, tr: Translator) -> str | None:
    """The percentage of the target, from both numbers as printed; None without a target."""
    value = percent_of(shown(metric, actual, tr), shown_goal(metric, target, tr))
    return None if value is None else whole_percent(value, tr)


def whole_percent(value: int, tr: Translator) -> str:
    return tr.percent(Decimal(value) / 100)


def rate_text(rate: Rate, value: float | None, tr: Translator) -> str:
    """A derived rate; a share above 100 % is shown, with a warning that the logging cannot
    be right (it never enters a ranking)."""
    if value is None:
        return "–"
    if rate.is_money:
        return tr.money(value)
    text = tr.percent(value)
    return text + " " + tr.t("rate.implausible") if implausible(rate, value) else text


def _label(basis: Basis, kind: PeriodKind, prefix: str, tr: Translator) -> str:
    if basis is Basis.PREVIOUS_WORKING_DAY:
        return tr.t(f"{prefix}.previous_working_day")
    return tr.t(f"{prefix}.{basis.value}.{kind.value}")


def change_text(change: Change, metric: Metric, basis: Basis, kind: PeriodKind,
                tr: Translator) -> str:
    """"▲ +12% vs this time last week"; "±0% vs the previous week" (no arrow for no change);
    "3 vs 1 on the previous working day" where the base is too small for a percentage;
    "" when both are 0."""
    if change.current == 0 and change.base == 0:
        return ""
    if change.percent is None:
        return tr.t("compare.counts", current=amount(metric, change.current, tr),
                    base=amount(metric, change.base, tr),
                    label=_label(basis, kind, "compare.at", tr))
    arrow = change.arrow
    if not arrow:
        figure = "±" + whole_percent(0, tr)
    else:
        sign = "+" if change.percent > 0 else "−"
        figure = f"{arrow} {sign}{whole_percent(abs(change.percent), tr)}"
    return tr.t("compare.change", change=figure, label=_label(basis, kind, "compare.vs", tr))


def with_other_money(text: str, others: Mapping[str, float], tr: Translator) -> str:
    """A money amount as printed in the reader's currency (`text`, the one measured), with the
    period's amounts in other currencies after it: "€3,000 + $12,000" (no exchange rates)."""
    return " + ".join([text, *(tr.money(amount, code) for code, amount in others.items())])


def other_money_note(others: Mapping[str, float], tr: Translator) -> str | None:
    """Why the amounts in other currencies count toward nothing; None when there are none."""
    if not others:
        return None
    return tr.t("money.other_currencies", currency=tr.currency,
                amounts=" + ".join(tr.money(amount, code) for code, amount in others.items()))


def left_out_note(codes: Sequence[str], tr: Translator, *, team: bool = False) -> str | None:
    """Why a money comparison (and an SDR's own average) leaves out what earlier periods hold
    in other currencies (read in the period's currency, with no exchange rates); None if
    none. `team`: a team's comparison with the period before, which has no own average."""
    if not codes:
        return None
    key = "money.previous_other_currencies" if team else "money.earlier_other_currencies"
    return tr.t(key, currency=tr.currency, currencies=", ".join(codes))
