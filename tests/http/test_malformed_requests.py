"""Malformed requests to POST /slack/events: refused with 400 or 401, never a 500 or a traceback.

Every shape goes over real HTTP to the server `kpibot run` serves. Unsigned, each must be refused
401 before its body is even decoded; signed (as a leaked secret or a Slack bug would), each body
that is not a Slack payload must be refused 400. Nothing is stored either way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from bot.console.harness import LOCAL_SIGNING_SECRET, Harness
from tests.http.conftest import Client
from tests.scenario.support import SDR, activity_count

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _sign(body: bytes, timestamp: str, secret: str = LOCAL_SIGNING_SECRET) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def _slash(harness: Harness, text: str = "log 5 calls") -> bytes:
    return harness.requests.slash_command(user_id=SDR, command="/kpi", text=text).encode()


# (id, body, content type): bodies no Slack request has
BODIES: list[tuple[str, bytes, str]] = [
    ("latin-1-bytes", "text=5 møter".encode("latin-1"), FORM),
    ("invalid-utf8", b"\xff\xfe\xfd", FORM),
    ("lone-surrogate-bytes", b"text=\xed\xa0\x80", FORM),
    ("unknown-charset", b"text=hello", FORM + "; charset=klingon"),
    ("other-charset", b"text=hello", FORM + "; charset=latin-1"),
    ("json-not-json", b"{not json", JSON),
    ("json-array", b"[1, 2, 3]", JSON),
    ("json-null", b"null", JSON),
    ("json-number", b"5", JSON),
    ("json-string", b'"hello"', JSON),
    ("json-empty-array-as-form", b"{}]", FORM),
    ("json-deeply-nested", b"{" + b'"a":{' * 100_000, FORM),
    ("json-nested-array", b"[" * 100_000, JSON),
    ("payload-null", b"payload=null", FORM),
    ("payload-array", b"payload=%5B%5D", FORM),
    ("payload-number", b"payload=5", FORM),
    ("payload-string", b"payload=%22x%22", FORM),
    ("payload-not-json", b"payload=%7Bnot", FORM),
    ("payload-empty", b"payload=", FORM),
    ("payload-non-utf8", b"payload=%7B%7D\xff", FORM),
]

# (id, timestamp header, signature header or None for a correct one): headers no Slack sends
HEADERS: list[tuple[str, str | None, str | None]] = [
    ("timestamp-abc", "abc", None),
    ("timestamp-empty", "", None),
    ("timestamp-float-exponent", "1e10", None),
    ("timestamp-decimal", f"{time.time():.3f}", None),
    ("timestamp-padded", f" {int(time.time())}", None),
    ("timestamp-plus", f"+{int(time.time())}", None),
    ("timestamp-underscores", "1_700_000_000", None),
    ("timestamp-arabic-digits", "١٧٠٠٠٠٠٠٠٠", None),
    ("timestamp-huge", "9" * 5000, None),
    ("timestamp-negative", "-1", None),
    ("timestamp-missing", None, None),
    ("signature-missing", "now", ""),
    ("signature-non-ascii", "now", "v0=" + "é" * 64),
    ("signature-not-hex", "now", "v0=" + "g" * 64),
    ("signature-short", "now", "v0=abc"),
    ("signature-other-version", "now", "v1=" + "0" * 64),
]


def _problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log records with a traceback, and errors: a refusal is neither."""
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def _post(web: Client, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    response = await web.post("/slack/events", data=body, headers=headers)
    return response.status, await response.text()


@pytest.mark.parametrize(("body", "content_type"),
                         [pytest.param(b, c, id=i) for i, b, c in BODIES])
async def test_an_unsigned_malformed_body_is_refused_401(
    web: Client, harness: Harness, caplog: pytest.LogCaptureFixture, body: bytes,
    content_type: str
) -> None:
    status, answer = await _post(web, body, {"content-type": content_type})
    assert status == 401
    assert "Traceback" not in answer
    assert _problems(caplog) == []


@pytest.mark.parametrize(("body", "content_type"),
                         [pytest.param(b, c, id=i) for i, b, c in BODIES])
async def test_a_signed_malformed_body_is_refused_400(
    web: Client, harness: Harness, caplog: pytest.LogCaptureFixture, body: bytes,
    content_type: str
) -> None:
    timestamp = str(int(time.time()))
    headers = {"content-type": content_type, "x-slack-request-timestamp": timestamp,
               "x-slack-signature": _sign(body, timestamp)}
    status, answer = await _post(web, body, headers)
    assert status == 400
    assert "Traceback" not in answer
    assert _problems(caplog) == []


@pytest.mark.parametrize(("timestamp", "signature"),
                         [pytest.param(t, s, id=i) for i, t, s in HEADERS])
async def test_a_malformed_timestamp_or_signature_is_refused_401(
    web: Client, harness: Harness, caplog: pytest.LogCaptureFixture, timestamp: str | None,
    signature: str | None
) -> None:
    body = _slash(harness)
    if timestamp == "now":
        timestamp = str(int(time.time()))
    headers = {"content-type": FORM}
    if timestamp is not None:
        headers["x-slack-request-timestamp"] = timestamp
    headers["x-slack-signature"] = signature if signature is not None \
        else _sign(body, timestamp or "")  # correctly signed, over the malformed timestamp
    status, answer = await _post(web, body, headers)
    assert status == 401
    assert "Traceback" not in answer
    assert _problems(caplog) == []
    assert activity_count(harness.deps.store) == 0


async def test_a_slash_command_with_a_byte_that_is_not_utf8_stores_nothing(
    web: Client, harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = _slash(harness) + b"%20\xff"  # an otherwise good, signed /kpi log
    timestamp = str(int(time.time()))
    status, _ = await _post(web, body, {"content-type": FORM,
                                        "x-slack-request-timestamp": timestamp,
                                        "x-slack-signature": _sign(body, timestamp)})
    assert status == 400
    assert activity_count(harness.deps.store) == 0
    assert _problems(caplog) == []


async def test_a_well_formed_signed_request_still_gets_through(web: Client, harness: Harness
                                                               ) -> None:
    body = _slash(harness)
    timestamp = str(int(time.time()))
    status, _ = await _post(web, body, {"content-type": FORM + "; charset=UTF-8",
                                        "x-slack-request-timestamp": timestamp,
                                        "x-slack-signature": _sign(body, timestamp)})
    assert status == 200
    assert activity_count(harness.deps.store) == 1


# Signed JSON objects whose fields have types Slack never sends: Bolt's own parsing raises on
# them before any listener runs. (Listener errors are answered by the listeners.)
ODD_FIELDS: list[dict[str, object]] = [
    {"team": 5}, {"user": 5}, {"enterprise": 5}, {"channel": 5}, {"authorizations": 5},
    {"authorizations": [5]}, {"type": "view_closed", "view": None},
    {"type": "event_callback", "event": {"type": "app_home_opened", "user": 5}},
]


@pytest.mark.parametrize("payload", ODD_FIELDS, ids=lambda p: "-".join(map(str, p)))
@pytest.mark.parametrize("as_form", [False, True], ids=["json", "form"])
async def test_a_signed_payload_with_fields_of_odd_types_is_refused_400(
    web: Client, harness: Harness, caplog: pytest.LogCaptureFixture,
    payload: dict[str, object], as_form: bool
) -> None:
    text = json.dumps(payload)
    body = (urlencode({"payload": text}) if as_form else text).encode()
    timestamp = str(int(time.time()))
    status, answer = await _post(web, body, {
        "content-type": FORM if as_form else JSON, "x-slack-request-timestamp": timestamp,
        "x-slack-signature": _sign(body, timestamp)})
    assert status == 400
    assert "Traceback" not in answer
    assert not any(r.exc_info for r in caplog.records)
    assert "odd shape" in caplog.text  # worth an operator's look, in one line
