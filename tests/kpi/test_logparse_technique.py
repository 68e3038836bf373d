"""`technique:` and `#tag` in `/kpi log`, in every language's words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpi.logparse import ParseError, parse_log
from bot.kpi.metrics import Metric

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("text", ["3 leads technique:video-email", "3 leads #video-email",
                                  "3 leads Technique: Video-Email", "#video-email 3 leads",
                                  "3 leads teknikk:video-email", "3 leads tech:video-email"])
def test_a_technique_tag(text: str) -> None:
    request = parse_log(text, today=TODAY)
    assert request.technique == "video-email" and request.quantities == {Metric.LEADS: 3}


def test_with_a_source_a_date_and_a_note() -> None:
    request = parse_log("2 opportunities yesterday source:referral #call-script note: went well",
                        today=TODAY)
    assert (request.source, request.technique, request.note) == ("referral", "call-script",
                                                                 "went well")
    assert request.day == date(2026, 11, 26)


@pytest.mark.parametrize(("text", "code"), [("3 leads #a #b", "two_techniques"),
                                            ("3 leads technique:", "empty_technique"),
                                            ("3 leads #", "empty_technique"),
                                            ("3 leads #a/b", "bad_technique"),
                                            ("3 leads #" + "x" * 41, "bad_technique")])
def test_bad_techniques(text: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_log(text, today=TODAY)
    assert caught.value.code == code


def test_no_technique_by_default() -> None:
    assert parse_log("3 leads", today=TODAY).technique is None
