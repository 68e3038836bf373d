"""The log modal: one field per metric, the day, a source tag and a note."""

from __future__ import annotations

from datetime import date

from bot.blocks import ids
from bot.blocks.text import Block, context, plain
from bot.i18n import Translator
from bot.kpi.logparse import KNOWN_SOURCES, MAX_COUNT, MAX_NOTE
from bot.kpi.metrics import METRICS, Metric


def _metric_input(metric: Metric, tr: Translator) -> Block:
    element: Block
    if metric.is_money:
        element = {"type": "plain_text_input", "action_id": ids.LOG_METRIC_ACTION,
                   "max_length": 40, "placeholder": plain(tr.t("modal.log.money_placeholder"))}
    else:
        element = {"type": "number_input", "action_id": ids.LOG_METRIC_ACTION,
                   "is_decimal_allowed": False, "min_value": "0", "max_value": str(MAX_COUNT),
                   "placeholder": plain("0")}
    return {
        "type": "input",
        "block_id": ids.LOG_METRIC_PREFIX + metric.value,
        "optional": True,
        "label": plain(tr.t(f"metric.{metric.value}"), 2000),
        "element": element,
    }


def build_log_modal(*, tr: Translator, today: date, private_metadata: str = "") -> Block:
    source_options = [
        {"text": plain(tr.t(f"source.{s}")), "value": s} for s in KNOWN_SOURCES
    ]
    blocks: list[Block] = [
        context(tr.t("modal.log.intro")),
        {
            "type": "input",
            "block_id": ids.LOG_DATE_BLOCK,
            "label": plain(tr.t("modal.log.date")),
            "element": {"type": "datepicker", "action_id": ids.LOG_DATE_ACTION,
                        "initial_date": today.isoformat()},
        },
        *(_metric_input(metric, tr) for metric in METRICS),
        {
            "type": "input",
            "block_id": ids.LOG_SOURCE_BLOCK,
            "optional": True,
            "label": plain(tr.t("modal.log.source")),
            "element": {"type": "static_select", "action_id": ids.LOG_SOURCE_ACTION,
                        "placeholder": plain(tr.t("modal.log.source_placeholder")),
                        "options": source_options},
        },
        {
            "type": "input",
            "block_id": ids.LOG_NOTE_BLOCK,
            "optional": True,
            "label": plain(tr.t("modal.log.note")),
            "element": {"type": "plain_text_input", "action_id": ids.LOG_NOTE_ACTION,
                        "multiline": True, "max_length": MAX_NOTE},
        },
    ]
    return {
        "type": "modal",
        "callback_id": ids.LOG_MODAL,
        "title": plain(tr.t("modal.log.title"), 24),
        "submit": plain(tr.t("modal.log.submit"), 24),
        "close": plain(tr.t("modal.cancel"), 24),
        "private_metadata": private_metadata[:3000],
        "blocks": blocks,
    }
