"""A request to /slack/events as bytes: Slack's signature checked, then the body's shape.

The signature is checked on the raw bytes before anything is decoded or parsed, so a body that
is not UTF-8, not JSON or not an object is refused as a client's mistake (400, or 401 when it is
not Slack's), never an exception inside Bolt.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

MAX_AGE = 5 * 60  # Slack's own rule: a timestamp further than this from now is a replay
# Slack sends whole seconds in ASCII digits; int() would also take " 12", "1_2", "١٢" or
# raise on "1e10", so the header is matched first.
TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
UTF8 = ("utf-8", "utf8")


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str  # a fixed phrase, never anything taken from the request


UNSIGNED = Refusal(401, "no signature or timestamp")
BAD_TIMESTAMP = Refusal(401, "malformed timestamp")
STALE = Refusal(401, "timestamp more than five minutes from now")
BAD_SIGNATURE = Refusal(401, "signature does not match")
BAD_CHARSET = Refusal(400, "charset other than UTF-8")
NOT_UTF8 = Refusal(400, "body is not UTF-8")
NOT_AN_OBJECT = Refusal(400, "body is not a Slack payload")


def verify(body: bytes, headers: Mapping[str, str], *, secret: str,
           now: Callable[[], float] = time.time) -> Refusal | None:
    """None when `body` was signed with `secret` within the last five minutes."""
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not timestamp or not signature:
        return UNSIGNED
    if not TIMESTAMP.fullmatch(timestamp):
        return BAD_TIMESTAMP
    if abs(now() - int(timestamp)) > MAX_AGE:
        return STALE
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body,
                                hashlib.sha256).hexdigest()
    # compare_digest refuses str with non-ASCII characters: check the shape first
    if not SIGNATURE.fullmatch(signature) or not hmac.compare_digest(expected, signature):
        return BAD_SIGNATURE
    return None


def decode(body: bytes, *, content_type: str, charset: str | None) -> str | Refusal:
    """The body as text, when it is UTF-8 (all Slack sends) and parses to a JSON object."""
    if charset is not None and charset.lower() not in UTF8:
        return BAD_CHARSET
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return NOT_UTF8
    return text if _is_payload(text, content_type) else NOT_AN_OBJECT


def _is_payload(text: str, content_type: str) -> bool:
    """Bolt's parse_body will make a dict of `text` (it raises, or returns a list, a number
    or None, on anything else). Its rules: JSON when the type says so or the text starts
    with `{`; a form otherwise, whose `payload` field, when there is one, is JSON."""
    if not text:
        return True
    if content_type == "application/json" or text.startswith("{"):
        return isinstance(_json(text), dict)
    if "payload" in text:
        payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
        return payload is None or isinstance(_json(payload), dict)
    return True


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # bad JSON, numbers too long, nesting too deep
        return None
