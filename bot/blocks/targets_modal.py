"""The targets modal: SDR(s) or team default, period kind, in force from, a number per metric."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.blocks import ids
from bot.blocks.benchmarks import benchmark_plain
from bot.blocks.numbers import amount, goal
from bot.blocks.scorecard import target_source
from bot.blocks.text import Block, context, plain, redrawing_select, section
from bot.i18n import Translator
from bot.kpi.benchmarks import Band
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import PeriodKind
from bot.kpi.rounding import Number
from bot.kpi.targets import TARGET_KINDS, Ramp, ResolvedTarget


@dataclass(frozen=True)
class Suggestion:
    history: float | None  # the trailing average of the chosen SDR(s)
    suggested: float | None  # history plus the team's stretch
    team_median: float | None


@dataclass(frozen=True)
class TargetsForm:
    team_id: int
    team_name: str
    teams: Sequence[tuple[int, str]]  # every team the manager may pick
    user_ids: Sequence[str]
    include_default: bool
    kind: PeriodKind
    effective_from: date
    values: Mapping[Metric, float]  # pre-filled: the selection's own, of the form's kind
    # What applies where nothing is pre-filled (the team default, or pro-rated from another
    # kind): a hint, never a value, so saving the form does not pin it.
    applying: Mapping[Metric, ResolvedTarget] = field(default_factory=dict)
    suggestions: Mapping[Metric, Suggestion] = field(default_factory=dict)
    stretch_pct: int = 10
    rev: int = 0
    start_date: date | None = None  # of the one SDR picked, when we know it
    # The team motion's industry band of each metric, with its source: stated with its own
    # period ("a month"), so it reads rightly beside a target of any kind.
    bands: Mapping[Metric, Band] = field(default_factory=dict)


def field_block_id(metric: Metric, rev: int) -> str:
    return f"{ids.TARGET_FIELD_PREFIX}{metric.value}:{rev}"


def input_text(value: Number) -> str:
    """A value as a field shows it: exactly, with no grouping and no truncation (1.52 stays
    1.52, 154.76 stays 154.76)."""
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _hint(metric: Metric, suggestion: Suggestion | None, form: TargetsForm, tr: Translator
          ) -> str | None:
    parts = []
    applying = form.applying.get(metric)
    if applying is not None:
        parts.append(tr.t("targets.hint_in_force", value=goal(metric, applying.exact, tr),
                          source=target_source(applying, tr)))
    if suggestion is not None:
        parts += _suggestion_parts(metric, suggestion, form, tr)
    if (band := form.bands.get(metric)) is not None:
        parts.append(benchmark_plain(band, tr))
    return " · ".join(parts) or None


def _suggestion_parts(metric: Metric, suggestion: Suggestion, form: TargetsForm,
                      tr: Translator) -> list[str]:
    parts = []
    if suggestion.history is not None and suggestion.suggested is not None:
        parts.append(tr.t("targets.hint_history", history=amount(metric, suggestion.history, tr),
                          suggested=amount(metric, suggestion.suggested, tr),
                          stretch=form.stretch_pct))
    if suggestion.team_median is not None:
        parts.append(tr.t("targets.hint_median", value=amount(metric, suggestion.team_median, tr)))
    return parts


def _metric_field(metric: Metric, form: TargetsForm, tr: Translator) -> Block:
    current = form.values.get(metric)
    element: Block
    if metric.is_money:
        element = {"type": "plain_text_input", "action_id": ids.TARGET_FIELD_ACTION,
                   "max_length": 40, "placeholder": plain(tr.t("modal.log.money_placeholder"))}
        if current:
            element["initial_value"] = input_text(current)
    else:
        # Decimals allowed: a target may be 1.5 opportunities a week, and a value in force
        # must come back exactly as it is, never truncated.
        element = {"type": "number_input", "action_id": ids.TARGET_FIELD_ACTION,
                   "is_decimal_allowed": True, "min_value": "0"}
        if current:
            element["initial_value"] = input_text(current)
    block: Block = {
        "type": "input",
        "block_id": field_block_id(metric, form.rev),
        "optional": True,
        "label": plain(tr.t(f"metric.{metric.value}"), 2000),
        "element": element,
    }
    hint = _hint(metric, form.suggestions.get(metric), form, tr)
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def build_targets_modal(form: TargetsForm, *, tr: Translator) -> Block:
    blocks: list[Block] = [context(tr.t("targets.intro"))]
    if len(form.teams) > 1:
        blocks.append(redrawing_select(
            block_id=ids.TARGETS_TEAM_BLOCK, action_id=ids.TARGETS_TEAM_ACTION,
            label=tr.t("targets.team"), options=[(str(i), name) for i, name in form.teams],
            selected=str(form.team_id)))
    sdrs: Block = {"type": "multi_users_select", "action_id": ids.TARGETS_SDRS_ACTION,
                   "placeholder": plain(tr.t("targets.sdrs_placeholder"))}
    if form.user_ids:
        sdrs["initial_users"] = list(form.user_ids)[:100]
    blocks.append({"type": "input", "block_id": ids.TARGETS_SDRS_BLOCK, "optional": True,
                   "dispatch_action": True, "label": plain(tr.t("targets.sdrs")),
                   "element": sdrs})
    default_option = {"text": plain(tr.t("targets.default_option", team=form.team_name)[:75]),
                      "value": "team"}
    checkbox: Block = {"type": "checkboxes", "action_id": ids.TARGETS_DEFAULT_ACTION,
                       "options": [default_option]}
    if form.include_default:
        checkbox["initial_options"] = [default_option]
    blocks.append({"type": "input", "block_id": ids.TARGETS_DEFAULT_BLOCK, "optional": True,
                   "dispatch_action": True, "label": plain(tr.t("targets.default")),
                   "element": checkbox})
    kinds = [{"text": plain(tr.t(f"targets.kind.{k.value}")), "value": k.value}
             for k in TARGET_KINDS]
    blocks.append({
        "type": "input", "block_id": ids.TARGETS_KIND_BLOCK, "dispatch_action": True,
        "label": plain(tr.t("targets.kind")),
        "element": {"type": "static_select", "action_id": ids.TARGETS_KIND_ACTION,
                    "options": kinds,
                    "initial_option": next(o for o in kinds if o["value"] == form.kind.value)},
    })
    blocks.append({
        "type": "input", "block_id": ids.TARGETS_FROM_BLOCK,
        "label": plain(tr.t("targets.from")),
        "element": {"type": "datepicker", "action_id": ids.TARGETS_FROM_ACTION,
                    "initial_date": form.effective_from.isoformat()},
    })
    start: Block = {"type": "datepicker", "action_id": ids.TARGETS_START_ACTION}
    if form.start_date is not None:
        start["initial_date"] = form.start_date.isoformat()
    blocks.append({
        "type": "input", "block_id": ids.TARGETS_START_BLOCK, "optional": True,
        "label": plain(tr.t("targets.start")), "hint": plain(tr.t("targets.start_hint")),
        "element": start,
    })
    blocks.append(section(tr.t("targets.values_intro")))
    blocks.extend(_metric_field(metric, form, tr) for metric in METRICS)
    return {
        "type": "modal",
        "callback_id": ids.TARGETS_MODAL,
        "title": plain(tr.t("targets.title"), 24),
        "submit": plain(tr.t("targets.submit"), 24),
        "close": plain(tr.t("modal.cancel"), 24),
        "private_metadata": json.dumps({"team_id": form.team_id, "rev": form.rev}),
        "blocks": blocks,
    }


def build_targets_saved_modal(*, summary: str, tr: Translator) -> Block:
    return {
        "type": "modal",
        "callback_id": ids.TARGETS_DONE_MODAL,
        "title": plain(tr.t("targets.title"), 24),
        "close": plain(tr.t("targets.done"), 24),
        "blocks": [section(summary)],
    }


def build_target_dm_blocks(*, targets: Mapping[Metric, Number], kind: PeriodKind,
                           effective_from: date, set_by: str, tr: Translator,
                           ramp: Ramp | None = None) -> list[Block]:
    lines = [f"• {tr.t(f'metric.{m.value}')}: *{goal(m, v, tr)}*"
             for m, v in targets.items() if v > 0]
    body = "\n".join(lines) if lines else tr.t("targets.dm_none")
    return [
        section(tr.t("targets.dm_title", kind=tr.t(f"targets.kind.{kind.value}").lower(),
                     date=tr.day(effective_from), manager=f"<@{set_by}>")),
        section(body[:3000]),
        *([section(tr.t("targets.dm_ramp", month=ramp.month, months=ramp.months,
                        share=tr.percent(ramp.factor)))] if ramp is not None else []),
        context(tr.t("targets.dm_footer")),
        {"type": "actions", "elements": [
            {"type": "button", "text": plain(tr.t("button.my_kpis")),
             "action_id": ids.OPEN_MY_KPIS, "value": kind.value}]},
    ]
