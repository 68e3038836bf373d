"""The numbers a user reads, pulled out of the real app's messages (Block Kit JSON).

Drives the real app as the scenario tests do (bot.console.harness.Harness): `/mykpis` and
`/kpi team` as slash commands, the weekly post through the same service the scheduler calls,
against the LocalSlack. Texts are matched through the message catalogue's own templates where
one exists (bot.i18n, not bot.kpi), so rewording a message does not silently blind the check;
a figure the parser cannot find comes back as None and the property test reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.console.harness import Harness
from bot.i18n import catalogue
from bot.i18n.source import MESSAGES
from bot.services.posting import Posting
from bot.services.weekly_posts import post_weekly_scorecards
from tests.reference.spec_model import METRIC_KEYS, RATES

EN = catalogue("en")
NAME_TO_METRIC = {EN[f"metric.{key}"]: key for key in METRIC_KEYS}
NAME_TO_RATE = {EN[f"rate.{key}"]: key for key in RATES}
STATUS_WORDS = {EN[f"pace.{s}"]: s for s in ("ahead", "on_track", "behind", "done")}
NUMBER = r"[−-]?[$€£]?[0-9][0-9,]*(?:\.[0-9]+)?"
FLAG_MARKERS = (":warning:", "⚠", "inconsistent")


class AnyOf:
    """A text written once per period kind (card.own_average.week, ...): the first that
    matches."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for p in self.patterns if (m := p.search(text)) is not None), None)


def template(key: str, **groups: str) -> re.Pattern[str] | AnyOf:
    """A catalogue text as a regex: each {name} becomes the named group given (or any text)."""
    if key not in EN:
        return AnyOf([_pattern(k, groups) for k in EN if k.startswith(f"{key}.")])
    return _pattern(key, groups)


def _forms(key: str) -> list[str]:
    """A text's English wordings: both forms of one that follows a number."""
    entry = MESSAGES.get(key)
    return [EN[key]] if entry is None or entry.plural is None else [entry.plural, entry.singular]


def _pattern(key: str, groups: dict[str, str], text: str | None = None) -> re.Pattern[str]:
    pattern = re.escape(EN[key] if text is None else text)
    for name in re.findall(r"\\\{(\w+)\\\}", pattern):
        pattern = pattern.replace(rf"\{{{name}\}}", f"(?P<{name}>{groups.get(name, '.+?')})", 1)
    return re.compile(pattern)


def templates(prefix: str, **groups: str) -> re.Pattern[str]:
    """Every catalogue text whose key starts with `prefix` (one per period kind...), in each
    of its plural forms, as one regex; read its groups with `group`."""
    keys = sorted(k for k in EN if k == prefix or k.startswith(prefix + "."))
    wordings = [(k, text) for k in keys for text in _forms(k)]
    return re.compile("|".join(f"(?:{_renamed(_pattern(k, groups, text).pattern, i)})"
                               for i, (k, text) in enumerate(wordings)))


def _renamed(pattern: str, index: int) -> str:
    """Named groups must be unique in one regex: each alternative's get its own suffix."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m[1]}_{index}>", pattern)


def group(match: re.Match[str], name: str) -> str | None:
    """A named group from whichever alternative of `templates` matched."""
    for key, value in match.groupdict().items():
        if value is not None and (key == name or key.rsplit("_", 1)[0] == name):
            return value
    return None


OF_TARGET = template("card.of_target", target=NUMBER)
OWN_AVERAGE = templates("card.own_average", value=NUMBER)
TEAM_AVERAGE = template("card.team_average", value=NUMBER)
PRORATED = templates("card.source", kind=r"\w+")
NEEDED = template("card.needed_per_day", amount=NUMBER)
PROGRESS = templates("card.progress", elapsed=r"\d+", total=r"\d+")
COUNTS = templates("compare.counts", current=NUMBER, base=NUMBER)
CHANGE = re.compile(r"(?:(?P<arrow>[▲▼])\s*(?P<sign>[+−-])?|±)(?P<pct>[0-9][0-9,]*)%")


def number(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").replace("−", "-").lstrip("$€£").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


@dataclass
class Figure:
    """One metric as printed: the actual and whatever stands beside it."""

    metric: str
    actual: Decimal | None
    text: str
    target: Decimal | None = None
    percent: int | None = None
    status: str | None = None
    needed_per_day: Decimal | None = None
    own_average: Decimal | None = None
    team_average: Decimal | None = None
    prorated_from: str | None = None
    arrow: str | None = None  # ▲ ▼, None: no arrow
    change_percent: int | None = None  # signed
    compared: tuple[Decimal | None, Decimal | None] | None = None  # the two numbers, no %
    currency: str = ""  # the actual's currency symbol, money only ("$")
    others: dict[str, Decimal] = field(default_factory=dict)  # "€3,000 + $12,000": {"$": 12000}


@dataclass
class Shown:
    title: str
    text: str
    figures: dict[str, Figure] = field(default_factory=dict)
    rates: dict[str, str] = field(default_factory=dict)  # rate key -> its field text
    leaderboard: list[tuple[str, int | None]] = field(default_factory=list)  # name, percent
    progress: tuple[int, int] | None = None


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every mrkdwn or plain text a reader sees, a section's fields each on its own."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


_HEAD = re.compile(r"^\*(?P<name>[^*]+)\*\s+\*(?P<actual>[^*]+)\*(?P<rest>.*)$", re.DOTALL)


def figure(text: str) -> Figure | None:
    """A text that starts with a metric's name in bold and its actual in bold."""
    match = _HEAD.match(text)
    if match is None or match["name"] not in NAME_TO_METRIC:
        return None
    measured, *others = match["actual"].split(" + ")  # money in other currencies after it
    fig = Figure(NAME_TO_METRIC[match["name"]], number(measured), text,
                 currency=measured.lstrip("−-")[:1] if measured.lstrip("−-")[:1] in "$€£"
                 else "",
                 others={other[:1]: number(other) or Decimal(-1) for other in others})
    first, _, details = match["rest"].partition("\n")
    if (m := OF_TARGET.search(first)) is not None:
        fig.target = number(m["target"])
        if (p := re.search(r"·\s*([0-9][0-9,]*)%", first[m.end():])) is not None:
            fig.percent = int(p[1].replace(",", ""))
    for word, status in STATUS_WORDS.items():
        if word in first:
            fig.status = status
    if (m := NEEDED.search(first)) is not None:
        fig.needed_per_day = number(m["amount"])
    if (m := OWN_AVERAGE.search(details)) is not None:
        fig.own_average = number(group(m, "value") or "")
    if (m := TEAM_AVERAGE.search(details)) is not None:
        fig.team_average = number(m["value"])
    if (m := PRORATED.search(details)) is not None:
        fig.prorated_from = group(m, "kind")
    if (m := COUNTS.search(details)) is not None:
        fig.compared = (number(group(m, "current") or ""), number(group(m, "base") or ""))
    if (m := CHANGE.search(details)) is not None:
        fig.arrow = m["arrow"]
        value = int(m["pct"].replace(",", ""))
        fig.change_percent = -value if m["sign"] in ("−", "-") else value
    return fig


def _rates(all_texts: list[str]) -> dict[str, str]:
    found = {}
    for text in all_texts:
        name = text.removeprefix("*").split("*", 1)[0]
        if text.startswith("*") and name in NAME_TO_RATE:
            found[NAME_TO_RATE[name]] = text
    return found


_LEAD = r"(?::\w+_place_medal:|[0-9]+\.|•)"
_TEAM_LINE = re.compile(rf"^{_LEAD} \*(?P<name>[^*]+)\*  (?:\*(?P<pct>[0-9,]+)%\*)?")
POST_LINE = re.compile(rf"^{_LEAD} (?P<name>.+?) · \*(?P<pct>[0-9,]+)%\*")


def _leaderboard(all_texts: list[str], line: re.Pattern[str]) -> list[tuple[str, int | None]]:
    board = []
    for text in all_texts:
        for row in text.split("\n"):
            if (m := line.match(row)) is not None:
                pct = int(m["pct"].replace(",", "")) if m["pct"] else None
                board.append((m["name"], pct))
    return board


def read(blocks: list[dict[str, Any]], *, leaderboard: re.Pattern[str] = _TEAM_LINE) -> Shown:
    all_texts = texts(blocks)
    title = next((b["text"]["text"] for b in blocks if b.get("type") == "header"), "")
    shown = Shown(title, "\n".join(all_texts))
    for text in all_texts:
        fig = figure(text)
        if fig is not None and fig.metric not in shown.figures:
            shown.figures[fig.metric] = fig
        if (m := PROGRESS.search(text)) is not None:
            shown.progress = (int(group(m, "elapsed") or 0), int(group(m, "total") or 0))
    shown.rates = _rates(all_texts)
    shown.leaderboard = _leaderboard(all_texts, leaderboard)
    return shown


def flagged(rate_text: str) -> bool:
    """Whether a rate's field carries a warning that it cannot be right."""
    return any(marker in rate_text for marker in FLAG_MARKERS)


# --- driving the real app -----------------------------------------------------------------------


def _blocks(answer: dict[str, Any] | None, what: str) -> list[dict[str, Any]]:
    if answer is None or not isinstance(answer.get("blocks"), list):
        raise AssertionError(f"{what}: no blocks in the answer {answer}")
    blocks: list[dict[str, Any]] = answer["blocks"]
    return blocks


async def mykpis(harness: Harness, user_id: str, choice: str) -> Shown:
    answer = await harness.command(user_id, "/mykpis", choice)
    return read(_blocks(answer, f"/mykpis {choice} of {user_id}"))


async def kpi_team(harness: Harness, manager_id: str, choice: str, team_name: str) -> Shown:
    answer = await harness.command(manager_id, "/kpi", f"team {choice} {team_name}")
    return read(_blocks(answer, f"/kpi team {choice} {team_name}"))


async def weekly_posts(harness: Harness, now: datetime) -> dict[str, tuple[str, Shown]]:
    """Every team's weekly post as the scheduler would send it at `now`: team name -> (the
    ISO week it reports, what it shows)."""
    posting = Posting(replace(harness.deps, now=lambda: now), harness.client,
                      claimed_by="reference")
    before = len(harness.slack.of("chat.postMessage"))
    outcomes = await post_weekly_scorecards(posting)
    calls = harness.slack.of("chat.postMessage")[before:]
    result = {}
    for outcome in outcomes:
        if outcome.channel_id is None or outcome.message_ts is None:
            continue
        sent = [c for c in calls if c.args.get("channel") == outcome.channel_id]
        if sent:
            blocks = sent[-1].args["blocks"]
            result[outcome.team_name] = (outcome.week, read(blocks, leaderboard=POST_LINE))
    return result
