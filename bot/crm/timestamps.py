"""CRM timestamps to aware datetimes and to days in the team's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH_MS = re.compile(r"^\d{12,14}$")


def parse_timestamp(value: object) -> datetime | None:
    """ISO 8601 with Z or an offset (HubSpot, Salesforce's +0000) or epoch milliseconds."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _EPOCH_MS.fullmatch(text):
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_date_only(value: object) -> bool:
    return isinstance(value, str) and bool(_DATE_ONLY.fullmatch(value.strip()))


def day_of(value: object, tz: tzinfo) -> date | None:
    """The calendar day a CRM value means for the team: a date-only field is that day as given;
    a timestamp is converted to the team's time zone first."""
    if isinstance(value, str) and is_date_only(value):
        return date.fromisoformat(value.strip())
    moment = parse_timestamp(value)
    return moment.astimezone(tz).date() if moment else None
