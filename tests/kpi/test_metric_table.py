"""The metric table's guards: aliases never collide, keys fit storage, every language names
every metric, and every view follows the table when a metric is registered."""

from __future__ import annotations

from datetime import date

import pytest

from bot import i18n
from bot.kpi.logparse import ParseError, parse_log
from bot.kpi.metrics import (
    ALIASES,
    CHART_METRICS,
    METRICS,
    TEAM_PRIORITY,
    Group,
    Metric,
    MetricSpec,
    Unit,
    check_spec,
    metric_from_text,
    register,
    registered,
)
from bot.kpi.words import all_words

TODAY = date(2026, 11, 27)
SPECS = [m.spec for m in METRICS]


def _spec(key: str = "video_demos", *aliases: str) -> MetricSpec:
    return MetricSpec(key, Unit.COUNT, Group.OUTCOME, team_rank=5,
                      aliases=aliases or ("video demo", "video demos"))


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_no_alias_of_a_metric_means_another(spec: MetricSpec) -> None:
    others = {s.key: s for s in SPECS if s is not spec}
    check_spec(spec, others)  # raises on a collision, even "meetings_booked" vs "meetings booked"


def test_demo_already_means_meetings_booked_so_a_new_metric_cannot_take_it() -> None:
    assert metric_from_text("demos") is Metric.MEETINGS_BOOKED
    with pytest.raises(ValueError, match="'demos' of 'video_demos' already means"):
        register(_spec("video_demos", "video demos", "demos"))
    with pytest.raises(ValueError, match="already means 'calls'"):
        register(_spec("dials", "dials"))
    assert "video_demos" not in [m.value for m in METRICS]  # nothing half-registered


def test_a_metric_answers_to_its_own_key_and_hint() -> None:
    with pytest.raises(ValueError, match="must be aliases"):
        register(_spec("video_demos", "vdemos"))
    with pytest.raises(ValueError, match="must be aliases"):
        register(MetricSpec("video_demos", Unit.COUNT, Group.OUTCOME, team_rank=5,
                            aliases=("video demos",), hint="vd"))


@pytest.mark.parametrize("key", ["calls", "Video", "9demos", "a" * 25, "video-demos", ""])
def test_keys_are_new_and_fit_the_stored_column(key: str) -> None:
    with pytest.raises(ValueError):
        register(_spec(key, "something else entirely"))


def test_no_alias_is_a_word_of_the_grammar_or_a_period() -> None:
    words = all_words()
    grammar = {*words.and_, *words.worth, *words.source, *words.note, *words.currencies,
               *(phrase for phrase, _ in words.days_back),
               *(phrase for phrase, _, _ in words.periods)}
    assert not grammar & set(ALIASES)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_catalogue_names_every_metric_and_no_other(language: str) -> None:
    catalogue = i18n.catalogue(language)
    keys = {m.value for m in METRICS}
    for prefix in ("metric.", "team.short."):
        named = {k.removeprefix(prefix) for k in catalogue if k.startswith(prefix)}
        assert named == keys, (language, prefix)


def test_metrics_are_their_keys() -> None:
    assert Metric("calls") is Metric.CALLS and Metric.CALLS == "calls"
    assert f"{Metric.PIPELINE}" == "pipeline" and Metric.PIPELINE.value == "pipeline"
    by_key: dict[str, int] = {Metric.CALLS: 1}
    assert by_key["calls"] == 1
    with pytest.raises(ValueError):
        Metric("widgets")


def test_every_view_follows_a_registered_metric_and_forgets_it_after() -> None:
    spec = _spec()
    with registered(spec) as demos:
        assert demos in METRICS and demos in TEAM_PRIORITY and demos in CHART_METRICS
        assert TEAM_PRIORITY[0] is demos  # its rank, 5, is the best
        assert METRICS[-2] is demos  # the last outcome, money stays last
        assert ALIASES["video demos"] is demos
        assert parse_log("2 video demos 3 calls", today=TODAY).quantities == {
            demos: 2, Metric.CALLS: 3}
    assert len(METRICS) == 10 and "video demos" not in ALIASES
    with pytest.raises(ValueError):
        Metric("video_demos")
    with pytest.raises(ParseError) as refused:
        parse_log("2 video demos", today=TODAY)
    assert refused.value.code == "not_understood"
