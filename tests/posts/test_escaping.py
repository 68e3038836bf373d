"""No user-controlled string (team or person name, note, source, error) can ping, link or
reformat anything: every text Slack parses (mrkdwn, a message's fallback `text`, a file's title,
an image's alt text) carries it inert, through the one helper in bot/blocks/text.py.

The oracle: each builder renders once with a plain value and once with a hostile one in every
user field; the hostile rendering must carry exactly as many markup characters as the plain one
(so the user's text added none), no control sequence, and no bare `&`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.blocks.home import build_home_view
from bot.blocks.messages import build_logged_blocks
from bot.blocks.scorecard import build_scorecard_blocks, scorecard_fallback_text
from bot.blocks.team_scorecard import TeamPage, build_team_scorecard_blocks, team_fallback_text
from bot.blocks.text import escape, escape_code
from bot.blocks.weekly_scorecard import (
    build_channel_failure_blocks,
    build_weekly_scorecard_blocks,
    channel_failure_text,
    weekly_fallback_text,
)
from bot.chart import alt_text, weekly_chart
from bot.console.local_slack import LocalSlack
from bot.i18n import Translator
from bot.kpi.baseline import BASELINE_PERIODS, own_average
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import PeriodChoice, PeriodKind, week_from_key
from bot.kpi.scorecard import ScorecardFacts, build_scorecard
from bot.kpi.targets import Owner, ResolvedTarget
from bot.kpi.team import TeamScorecard, build_team_scorecard
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from storage.models import Person, Team
from tests.posts.seed import add_team

HOSTILE = ("<!everyone> <!channel> <!here> <@U123> <#C123> <https://evil.example|click> "
           "& < > &amp; *bold* _it_ ~gone~ `code` *")
PLAIN = "Plain Name"
CONTROL = ("<!everyone>", "<!channel>", "<!here>", "<@U123>", "<#C123>", "<https://evil")
MARKUP = "<>*_~`"
BARE_AMP = re.compile(r"&(?!amp;|lt;|gt;)")
WEEK = week_from_key("2026-W48")
SDRS = ("U0AAA", "U0BBB", "U0CCC")
LOCALES = ("en-US", "nb-NO")


def _team_card() -> TeamScorecard:
    totals = {u: {m: 10.0 * (n + 1) for m in METRICS} for n, u in enumerate(SDRS)}
    previous = {u: {m: 5.0 * (n + 1) for m in METRICS} for n, u in enumerate(SDRS)}
    targets = {u: {m: 20.0 for m in METRICS} for u in SDRS}
    return build_team_scorecard(period=WEEK, sdr_ids=list(SDRS), totals=totals,
                                targets=targets, previous_totals=previous,
                                previous_targets=targets)


def _own_card() -> Any:
    current = {m: 12.0 for m in METRICS}
    return build_scorecard(ScorecardFacts(
        user_id=SDRS[0], period=WEEK, today=date(2026, 11, 25), current=current,
        previous={m: 6.0 for m in METRICS},
        own_average=own_average([{}] * BASELINE_PERIODS, PeriodKind.WEEK),
        team_totals={m: 30.0 for m in METRICS}, team_size=3,
        targets={Metric.CALLS: ResolvedTarget(Fraction(50), Owner.TEAM, PeriodKind.WEEK)}))


def _names(value: str) -> dict[str, str]:
    return {u: f"{value} {n}" for n, u in enumerate(SDRS)}


@dataclass(frozen=True)
class Rendered:
    """What Slack parses in one builder's output: its mrkdwn texts and its plain strings that
    Slack parses all the same (fallback text, file title, alt text)."""

    blocks: list[dict[str, Any]]
    parsed: tuple[str, ...] = ()


def _team_page(value: str) -> TeamPage:
    return TeamPage(team_id=1, team_name=value, choice=PeriodChoice(PeriodKind.WEEK, 1),
                    in_progress=False, elapsed_days=5, total_days=5, names=_names(value),
                    other_teams=((1, value), (2, f"{value} two")))


def _weekly(value: str, tr: Translator) -> Rendered:
    card = _team_card()
    return Rendered(
        build_weekly_scorecard_blocks(card=card, team_name=value, names=_names(value),
                                      leaderboard_size=5, tr=tr),
        (weekly_fallback_text(card=card, team_name=value, tr=tr),))


def _failure(value: str, tr: Translator) -> Rendered:
    return Rendered(
        build_channel_failure_blocks(team_name=value, channel_id="C0TEAM", error=value,
                                     period=WEEK, tr=tr),
        (channel_failure_text(team_name=value, error=value, tr=tr),))


def _team(value: str, tr: Translator) -> Rendered:
    card, page = _team_card(), _team_page(value)
    return Rendered(build_team_scorecard_blocks(card, page=page, tr=tr),
                    (team_fallback_text(card, page, tr),))


def _chart(value: str, tr: Translator) -> Rendered:
    chart = weekly_chart(card=_team_card(), team_name=value, names=_names(value),
                         leaderboard_size=5, tr=tr)
    return Rendered([], (chart.title, alt_text(chart)))


def _scorecard(value: str, tr: Translator) -> Rendered:
    card = _own_card()
    blocks = build_scorecard_blocks(card, choice=PeriodChoice(PeriodKind.WEEK), tr=tr,
                                    team_name=value)
    return Rendered(blocks, (scorecard_fallback_text(card, tr),))


def _home(value: str, tr: Translator) -> Rendered:
    view = build_home_view(_own_card(), tr=tr, team_name=value, is_manager=True)
    return Rendered(view["blocks"])


def _logged(value: str, tr: Translator) -> Rendered:
    return Rendered(build_logged_blocks(quantities={Metric.CALLS: 5.0}, day=WEEK.start,
                                        today=WEEK.start, source=value, note=value, tr=tr))


BUILDERS: dict[str, Callable[[str, Translator], Rendered]] = {
    "weekly post": _weekly, "channel failure DM": _failure, "team scorecard": _team,
    "weekly chart": _chart, "own scorecard": _scorecard, "App Home": _home,
    "logged answer": _logged,
}


def _mrkdwn(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield node["text"]
        if isinstance(node.get("alt_text"), str):
            yield node["alt_text"]
        for value in node.values():
            yield from _mrkdwn(value)
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn(item)


def parsed_texts(rendered: Rendered) -> list[str]:
    return [*_mrkdwn(rendered.blocks), *rendered.parsed]


CODE_SPAN = re.compile(r"`[^`]*`")


def markup_count(texts: list[str]) -> dict[str, int]:
    """Markup characters in `texts`; inside a code span (which formats nothing: a team name to
    copy is shown there as typed) only its backticks count."""
    joined = "\n".join(texts)
    outside = CODE_SPAN.sub("``", joined)
    return {c: (joined if c == "`" else outside).count(c) for c in MARKUP}


def assert_inert(texts: list[str], *, like: list[str] | None = None) -> None:
    for text in texts:
        for sequence in CONTROL:
            assert sequence not in text, text
        assert not BARE_AMP.search(text), text
    if like is not None:
        assert markup_count(texts) == markup_count(like)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("builder", BUILDERS.values(), ids=list(BUILDERS))
def test_user_text_adds_no_markup_to_anything_slack_parses(
        builder: Callable[[str, Translator], Rendered], locale: str) -> None:
    tr = Translator(locale, "USD")
    plain, hostile = builder(PLAIN, tr), builder(HOSTILE, tr)
    assert len(parsed_texts(hostile)) == len(parsed_texts(plain))
    assert_inert(parsed_texts(hostile), like=parsed_texts(plain))
    # the value is still there to read, only made inert
    assert any(escape(HOSTILE) in text for text in parsed_texts(hostile))


def test_the_escape_helper_leaves_no_control_character() -> None:
    for value in (HOSTILE, "*" * 10, "a_b_c", "~x~", "`x`", "&&", "<<>>"):
        escaped = escape(value)
        assert not any(c in escaped for c in MARKUP)
        assert not BARE_AMP.search(escaped)
    # inside a code span the user's * and _ stay as typed (so a name can be copied), not `
    assert escape_code("EMEA_North *1*") == "EMEA_North *1*"
    assert "`" not in escape_code("a`b") and "<" not in escape_code("<!here>")


# --- through the real app -----------------------------------------------------------------


def _hostile_names(session: Session, *, team_id: int) -> None:
    team = session.get(Team, team_id)
    assert team is not None
    team.name = HOSTILE
    session.add(team)
    for person in session.exec(select(Person)).all():
        person.name = f"{HOSTILE} {person.user_id}"
        session.add(person)
    session.commit()


async def test_the_weekly_post_to_slack_carries_hostile_names_inert(
        posting: Posting, store: Store, slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=4, prefix="S",
                    default=True)
    store.run_sync(_hostile_names, team_id=team.team_id)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    [message] = slack.of("chat.postMessage")
    texts = [message.args["text"], *_mrkdwn(message.args["blocks"])]
    assert_inert(texts)
    assert escape(HOSTILE) in message.args["text"]  # the fallback names the team, inert
    assert markup_count(texts)["*"] == markup_count(
        [*_mrkdwn(message.args["blocks"])])["*"]  # the fallback adds no bold of its own
    [complete] = slack.of("files.completeUploadExternal")
    files = complete.args["files"]
    files = json.loads(files) if isinstance(files, str) else files
    assert_inert([files[0]["title"], files[0].get("alt_txt") or files[0].get("alt_text", "")])
    assert escape(HOSTILE) in files[0]["title"]
