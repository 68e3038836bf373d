"""The ten counted metrics, their aliases, and the rates derived from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Metric(StrEnum):
    CALLS = "calls"
    CONVERSATIONS = "conversations"
    EMAILS = "emails"
    SOCIAL = "social"
    MEETINGS_BOOKED = "meetings_booked"
    MEETINGS_HELD = "meetings_held"
    LEADS = "leads"
    QUALIFIED_LEADS = "qualified_leads"
    OPPORTUNITIES = "opportunities"
    PIPELINE = "pipeline"

    @property
    def is_money(self) -> bool:
        return self is Metric.PIPELINE


# Display order on every scorecard: activity, then outcomes, then money.
METRICS: tuple[Metric, ...] = tuple(Metric)
COUNT_METRICS: tuple[Metric, ...] = tuple(m for m in Metric if not m.is_money)

# Every phrase a user may type for a metric, singular and plural, lower case.
_ALIASES: dict[Metric, tuple[str, ...]] = {
    Metric.CALLS: ("call", "calls", "dial", "dials", "cold call", "cold calls"),
    Metric.CONVERSATIONS: (
        "conversation", "conversations", "convo", "convos", "connect", "connects",
        "conv", "convs",
    ),
    Metric.EMAILS: ("email", "emails", "mail", "mails", "e-mail", "e-mails"),
    Metric.SOCIAL: (
        "social", "socials", "social touch", "social touches", "touch", "touches",
        "linkedin", "inmail", "inmails",
    ),
    Metric.MEETINGS_BOOKED: (
        "meeting", "meetings", "meeting booked", "meetings booked", "booked", "booking",
        "bookings", "meetings_booked", "mtg", "mtgs", "demo", "demos",
    ),
    Metric.MEETINGS_HELD: (
        "meeting held", "meetings held", "held", "meetings_held", "show", "shows",
    ),
    Metric.LEADS: ("lead", "leads", "leads generated", "new lead", "new leads"),
    Metric.QUALIFIED_LEADS: (
        "qualified lead", "qualified leads", "qualified", "sql", "sqls", "qualified_leads",
        "mql", "mqls",
    ),
    Metric.OPPORTUNITIES: (
        "opportunity", "opportunities", "opp", "opps", "oppty", "oppties", "deal", "deals",
    ),
    Metric.PIPELINE: ("pipeline", "pipe", "pipeline value"),
}

ALIASES: Mapping[str, Metric] = {
    alias: metric for metric, aliases in _ALIASES.items() for alias in aliases
}
# Longest first, so "meetings held" wins over "meetings".
ALIASES_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(ALIASES, key=len, reverse=True))


def metric_from_text(text: str) -> Metric | None:
    """The metric a user meant by `text`, or None."""
    key = " ".join(text.lower().replace("_", " ").split())
    return ALIASES.get(key) or ALIASES.get(key.replace(" ", "_"))


class Rate(StrEnum):
    CONNECT = "connect_rate"
    QUALITY = "lead_quality"
    CONVERSION = "conversion_rate"
    SHOW = "show_rate"
    AVG_OPP_VALUE = "avg_opportunity_value"

    @property
    def is_money(self) -> bool:
        return self is Rate.AVG_OPP_VALUE


@dataclass(frozen=True)
class RateDef:
    rate: Rate
    numerator: Metric
    denominator: Metric


RATES: tuple[RateDef, ...] = (
    RateDef(Rate.CONNECT, Metric.CONVERSATIONS, Metric.CALLS),
    RateDef(Rate.QUALITY, Metric.QUALIFIED_LEADS, Metric.LEADS),
    RateDef(Rate.CONVERSION, Metric.OPPORTUNITIES, Metric.LEADS),
    RateDef(Rate.SHOW, Metric.MEETINGS_HELD, Metric.MEETINGS_BOOKED),
    RateDef(Rate.AVG_OPP_VALUE, Metric.PIPELINE, Metric.OPPORTUNITIES),
)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return numerator / denominator


def derived_rates(totals: Mapping[Metric, float]) -> dict[Rate, float | None]:
    """Every derived rate from a period's totals; None where the denominator is zero."""
    return {
        d.rate: ratio(totals.get(d.numerator, 0.0), totals.get(d.denominator, 0.0))
        for d in RATES
    }
