"""Pure rules from one CRM record to its metric contributions (the SPEC's default mapping).

Every record yields all the contributions it can make, each under a stable external_id; the
ones that do not apply (a call not connected, a deal without an amount, a deleted record) come
out with deleted=True, so an edit in the CRM retracts what it no longer counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo

from bot.crm.activity import CrmActivity, CrmRecord
from bot.crm.mapping import CrmMapping, HubSpotMapping, SalesforceMapping
from bot.crm.timestamps import day_of, is_date_only, parse_timestamp
from bot.kpi.metrics import Metric

# A contribution's day, and the instant it was taken from (None for a date-only field): the
# instant lets the sync re-date it in the owner's own team's time zone.
When = tuple[date, datetime | None]


class _Builder:
    def __init__(self, record: CrmRecord, tz: tzinfo) -> None:
        self.record = record
        self.tz = tz
        self.items: list[CrmActivity] = []

    def day(self, *names: str) -> When:
        """The first of the named fields that holds a date; the modification day otherwise."""
        for name in names:
            value = self.record.fields.get(name)
            found = day_of(value, self.tz)
            if found is not None:
                return found, None if is_date_only(value) else parse_timestamp(value)
        moment = self.record.modified_at
        return moment.astimezone(self.tz).date(), moment

    def add(self, metric: Metric, when: When, *, applies: bool = True, quantity: float = 1.0,
            value: float | None = None, currency: str | None = None) -> None:
        r = self.record
        self.items.append(CrmActivity(
            external_id=f"{r.source}:{r.object_type}:{r.record_id}:{metric.value}",
            source=r.source, object_type=r.object_type, owner_email=r.owner_email,
            metric=metric.value, quantity=quantity, value=value, day=when[0],
            modified_at=r.modified_at, deleted=r.deleted or not applies, moment=when[1],
            currency=currency if metric.is_money else None))



def _text(record: CrmRecord, name: str) -> str:
    value = record.fields.get(name)
    return value.strip().casefold() if isinstance(value, str) else ""


def _currency(record: CrmRecord, name: str | None) -> str | None:
    """A deal's currency code, upper-cased; None when the CRM gives none (the checks that
    every stored row passes refuse a code that is not three letters)."""
    value = record.fields.get(name) if name else None
    return (value.strip().upper() or None) if isinstance(value, str) else None


def _amount(record: CrmRecord, name: str) -> float | None:
    value = record.fields.get(name)
    try:
        amount = float(value) if isinstance(value, int | float | str) and value != "" else None
    except ValueError:
        return None
    return amount if amount is not None and amount > 0 else None


# HubSpot ---------------------------------------------------------------------------------------

def _hubspot_call(b: _Builder, m: HubSpotMapping) -> None:
    day = b.day("hs_timestamp", "hs_createdate")
    b.add(Metric.CALLS, day)
    connected = _text(b.record, "hs_call_disposition") in m.connected_dispositions
    b.add(Metric.CONVERSATIONS, day, applies=connected)


def _hubspot_email(b: _Builder, m: HubSpotMapping) -> None:
    outgoing = _text(b.record, "hs_email_direction") in m.outgoing_email_directions
    b.add(Metric.EMAILS, b.day("hs_timestamp", "hs_createdate"), applies=outgoing)


def _hubspot_meeting(b: _Builder, m: HubSpotMapping) -> None:
    b.add(Metric.MEETINGS_BOOKED, b.day("hs_createdate", "hs_timestamp"))
    held = _text(b.record, "hs_meeting_outcome") in m.held_meeting_outcomes
    b.add(Metric.MEETINGS_HELD, b.day("hs_meeting_start_time", "hs_timestamp"), applies=held)


def _hubspot_contact(b: _Builder, m: HubSpotMapping) -> None:
    b.add(Metric.LEADS, b.day("createdate"))
    qualified = (_text(b.record, "lifecyclestage") in m.qualified_lifecycle_stages
                 or _text(b.record, "hs_lead_status") in m.qualified_lead_statuses)
    b.add(Metric.QUALIFIED_LEADS, b.day(m.qualified_date_property, "createdate"),
          applies=qualified)


def _hubspot_deal(b: _Builder, m: HubSpotMapping) -> None:
    day = b.day("createdate")
    amount = _amount(b.record, "amount")
    b.add(Metric.OPPORTUNITIES, day, value=amount)
    b.add(Metric.PIPELINE, day, applies=amount is not None, quantity=amount or 0.0, value=amount,
          currency=_currency(b.record, "deal_currency_code"))


# Salesforce ------------------------------------------------------------------------------------

def _salesforce_task(b: _Builder, m: SalesforceMapping) -> None:
    subtype = _text(b.record, "TaskSubtype")
    day = b.day("CompletedDateTime", "CreatedDate")
    if subtype in m.call_subtypes:
        b.add(Metric.CALLS, day)
        connected = _text(b.record, "CallDisposition") in m.connected_dispositions
        b.add(Metric.CONVERSATIONS, day, applies=connected)
    elif subtype in m.email_subtypes:
        b.add(Metric.EMAILS, day)


def _salesforce_event(b: _Builder, m: SalesforceMapping) -> None:
    b.add(Metric.MEETINGS_BOOKED, b.day("CreatedDate"))
    if m.held_field is not None:
        held = _text(b.record, m.held_field) in m.held_values
        b.add(Metric.MEETINGS_HELD, b.day("StartDateTime", "ActivityDateTime", "ActivityDate"),
              applies=held)


def _salesforce_lead(b: _Builder, m: SalesforceMapping) -> None:
    b.add(Metric.LEADS, b.day("CreatedDate"))
    qualified = (_text(b.record, "Status") in m.qualified_lead_statuses
                 or b.record.fields.get("IsConverted") is True)
    b.add(Metric.QUALIFIED_LEADS, b.day(m.qualified_date_field, "CreatedDate"),
          applies=qualified)


def _salesforce_opportunity(b: _Builder, m: SalesforceMapping) -> None:
    day = b.day("CreatedDate")
    amount = _amount(b.record, "Amount")
    b.add(Metric.OPPORTUNITIES, day, value=amount)
    b.add(Metric.PIPELINE, day, applies=amount is not None, quantity=amount or 0.0, value=amount,
          currency=_currency(b.record, m.currency_field))


HUBSPOT_RULES: dict[str, Callable[[_Builder, HubSpotMapping], None]] = {
    "call": _hubspot_call, "email": _hubspot_email, "meeting": _hubspot_meeting,
    "contact": _hubspot_contact, "deal": _hubspot_deal,
}
SALESFORCE_RULES: dict[str, Callable[[_Builder, SalesforceMapping], None]] = {
    "task": _salesforce_task, "event": _salesforce_event, "lead": _salesforce_lead,
    "opportunity": _salesforce_opportunity,
}


def activities_for(record: CrmRecord, mapping: CrmMapping, tz: tzinfo) -> list[CrmActivity]:
    """The contributions of one record; days are calendar days in `tz`, the team's zone."""
    builder = _Builder(record, tz)
    if record.source == "hubspot":
        HUBSPOT_RULES[record.object_type](builder, mapping.hubspot)
    else:
        SALESFORCE_RULES[record.object_type](builder, mapping.salesforce)
    return builder.items
