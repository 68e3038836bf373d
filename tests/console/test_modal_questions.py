"""Modal inputs as prompts: defaults, choices, and what Slack's client itself refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks.log_modal import build_log_modal
from bot.console.modal import AnswerError, Option, Question, parse_answer, prompt_text, questions
from bot.console.payloads import state_values
from bot.i18n import Translator


def _log_modal() -> dict[str, Any]:
    return build_log_modal(tr=Translator(), today=date(2026, 11, 27))


def _question(view: dict[str, Any], block_id: str) -> Question:
    return next(q for q in questions(view) if q.block_id == block_id)


def test_every_input_of_the_log_modal_is_a_question_in_order() -> None:
    asked = questions(_log_modal())
    assert [q.label for q in asked][:3] == ["Day", "Calls", "Conversations"]
    assert [q.label for q in asked][-2:] == ["Lead source", "Note"]
    day = asked[0]
    assert day.default == "2026-11-27" and not day.optional
    assert prompt_text(day) == "Day (YYYY-MM-DD) [2026-11-27]: "
    assert prompt_text(asked[1]) == "Calls (optional): "


def test_enter_keeps_the_default_or_leaves_an_optional_field_empty() -> None:
    view = _log_modal()
    assert parse_answer(_question(view, "log_date"), "") == "2026-11-27"
    assert parse_answer(_question(view, "log_metric_calls"), "  ") is None


def test_a_required_field_without_default_must_be_answered() -> None:
    required = Question(block_id="b", label="Name", kind="plain_text_input", optional=False)
    with pytest.raises(AnswerError, match="required"):
        parse_answer(required, "")


def test_numbers_go_to_the_app_as_typed_so_it_can_say_what_is_wrong() -> None:
    calls = _question(_log_modal(), "log_metric_calls")
    assert parse_answer(calls, "-3") == "-3"
    assert parse_answer(calls, "12k") == "12k"


def test_a_select_takes_a_number_or_a_name() -> None:
    source = _question(_log_modal(), "log_source")
    assert prompt_text(source) == "Lead source (optional, 1-5): "
    assert parse_answer(source, "2") == "outbound"
    assert parse_answer(source, "Referral") == "referral"
    with pytest.raises(AnswerError, match="1 to 5"):
        parse_answer(source, "9")


def test_dates_must_be_dates() -> None:
    day = _question(_log_modal(), "log_date")
    assert parse_answer(day, "2026-11-20") == "2026-11-20"
    assert parse_answer(day, "yesterday") == date.fromordinal(
        date.today().toordinal() - 1).isoformat()
    # the day words of every language (bot/i18n/words/), as `/kpi log` reads them
    assert parse_answer(day, "I går") == parse_answer(day, "yesterday")
    assert parse_answer(day, "i dag") == date.today().isoformat()
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        parse_answer(day, "20/11")


def test_multi_selects_users_and_lengths() -> None:
    many = Question(block_id="m", label="Days", kind="checkboxes", optional=True,
                    options=(Option("mon", "Monday"), Option("tue", "Tuesday")))
    assert parse_answer(many, "1, 2") == ["mon", "tue"]
    assert parse_answer(many, "") == []
    users = Question(block_id="u", label="SDRs", kind="multi_users_select", optional=False)
    assert parse_answer(users, "u0sdr1, @U0SDR2") == ["U0SDR1", "U0SDR2"]
    with pytest.raises(AnswerError, match="Slack ID"):
        parse_answer(users, "maya")
    short = Question(block_id="s", label="Note", kind="plain_text_input", optional=True,
                     limits={"max_length": 5})
    with pytest.raises(AnswerError, match="5 characters"):
        parse_answer(short, "too long")


def test_answers_become_the_state_values_the_app_reads() -> None:
    view = _log_modal()
    answers = {q.block_id: parse_answer(q, text) for q, text in zip(
        questions(view), ["", "25", "", "", "", "", "", "", "", "", "12k", "2", "hi"],
        strict=True)}
    values = state_values(view, answers)
    assert values["log_date"]["date"]["selected_date"] == "2026-11-27"
    assert values["log_metric_calls"]["value"]["value"] == "25"
    assert values["log_metric_emails"]["value"]["value"] is None
    assert values["log_source"]["source"]["selected_option"]["value"] == "outbound"

