"""Dates as CRM exports write them, in the file's own format and time zone.

A file's format is declared (`--date-format`, or the mapping's) or detected from a sample of
its rows; a day/month order the sample cannot settle is an error, never a guess. A date with a
time is moved from the file's time zone to the team's before its day is taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
_DAYS = ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y", "%m-%d-%Y")
CANDIDATES = tuple(d + t for d in _DAYS for t in _TIMES)
ISO = "iso"  # date.fromisoformat / datetime.fromisoformat, with or without an offset


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class DateReader:
    """Turns a file's date text into the day it was in `to_zone`."""

    fmt: str  # ISO or a strptime format
    from_zone: ZoneInfo  # for times without an offset
    to_zone: ZoneInfo

    def day(self, text: str) -> date:
        text = text.strip()
        if not text:
            raise DateError("date is missing")
        if self.fmt == ISO and len(text) == 10:  # a plain day, the common case
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise DateError(f"date {text[:40]!r} is not a day (YYYY-MM-DD)") from None
        try:
            if self.fmt == ISO:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
                has_time = "T" in text or " " in text or ":" in text
            else:
                moment = datetime.strptime(text, self.fmt)
                has_time = "%H" in self.fmt or "%I" in self.fmt
        except ValueError:
            shown = "YYYY-MM-DD" if self.fmt == ISO else self.fmt
            raise DateError(f"date {text[:40]!r} is not in the file's format {shown}") from None
        if not has_time and moment.tzinfo is None:
            return moment.date()  # a plain day is already the day it means
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.from_zone)
        return moment.astimezone(self.to_zone).date()


def _fits(fmt: str, text: str) -> bool:
    try:
        if fmt == ISO:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def detect_format(samples: Iterable[str]) -> str:
    """The format most samples fit (ISO first), so a few bad dates stay row errors. DateError
    when none fits, or when day/month order is open (`03/04/2026` in every row could be March
    or April: say which with --date-format)."""
    texts = [s.strip() for s in samples if s.strip()]
    if not texts or all(_fits(ISO, t) for t in texts):
        return ISO  # the usual case, and ISO wins every tie: no need to try the others
    scores = {fmt: sum(_fits(fmt, t) for t in texts) for fmt in (ISO, *CANDIDATES)}
    best = max(scores.values())
    if best == 0:
        raise DateError(f"dates such as {texts[0][:40]!r} are in no format known: "
                        "give it with --date-format (e.g. %d.%m.%Y %H:%M)")
    fitting = [fmt for fmt, score in scores.items() if score == best]
    if fitting[0] == ISO:
        return ISO
    orders = {f.split(" ")[0] for f in fitting}
    if len(orders) > 1:
        raise DateError(f"dates such as {texts[0][:40]!r} could be read as "
                        + " or ".join(sorted(orders)) + ": give one with --date-format")
    return fitting[0]
