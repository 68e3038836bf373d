"""When the scheduled CRM sync runs: which sources, which slot a run belongs to, the next run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from bot.crm.activity import Source as SourceName
from bot.crm.settings import CrmSettings

SOURCES: tuple[SourceName, ...] = ("hubspot", "salesforce")
NAMES: dict[str, str] = {"hubspot": "HubSpot", "salesforce": "Salesforce"}  # as each spells it


def configured_sources(settings: CrmSettings) -> list[SourceName]:
    return [s for s in SOURCES if (settings.hubspot_configured if s == "hubspot"
                                   else settings.salesforce_configured)]


def trigger(minutes: int) -> CronTrigger:
    """Every `minutes`, on the clock (xx:00, xx:15, ...): every replica fires in the same
    slot, and the claim in the database picks one of them."""
    return CronTrigger(minute=f"*/{minutes}", timezone=UTC)


def slot_of(moment: datetime, minutes: int) -> str:
    """The slot a run belongs to: its time floored to the interval, as UTC text that sorts."""
    floored = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return (floored - timedelta(minutes=floored.minute % minutes)).strftime("%Y-%m-%dT%H:%MZ")


def next_run(now: datetime, minutes: int) -> datetime:
    """The first fire time after `now` (the trigger's own answer includes `now` itself)."""
    fire: datetime | None = trigger(minutes).get_next_fire_time(None, now + timedelta(seconds=1))
    assert fire is not None
    return fire
