"""Which CRM values count as what: the default mapping and a team's mapping file (TOML).

A mapping file overrides only what it names, e.g.

    [hubspot]
    owner_property = "sdr_owner"
    connected_dispositions = ["f240bbac-87c9-4f6e-bf70-924b57d47db7"]

    [salesforce]
    connected_dispositions = ["Connected", "Spoke with decision maker"]
    qualified_lead_statuses = ["Qualified"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from bot.crm.errors import CrmMappingError

# HubSpot's built-in "Connected" call outcome (hs_call_disposition stores the outcome's id).
HUBSPOT_CONNECTED = "f240bbac-87c9-4f6e-bf70-924b57d47db7"

# CRM field and property names go into SOQL and search requests: letters, digits, underscores.
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")


def _set(*values: str) -> frozenset[str]:
    return frozenset(v.casefold() for v in values)


@dataclass(frozen=True)
class HubSpotMapping:
    owner_property: str = "hubspot_owner_id"
    connected_dispositions: frozenset[str] = _set(HUBSPOT_CONNECTED)
    outgoing_email_directions: frozenset[str] = _set("EMAIL")
    held_meeting_outcomes: frozenset[str] = _set("COMPLETED")
    qualified_lifecycle_stages: frozenset[str] = _set("salesqualifiedlead", "opportunity",
                                                      "customer")
    qualified_lead_statuses: frozenset[str] = frozenset()
    qualified_date_property: str = "hs_lifecyclestage_salesqualifiedlead_date"


@dataclass(frozen=True)
class SalesforceMapping:
    owner_relationship: str = "Owner"
    call_subtypes: frozenset[str] = _set("Call")
    email_subtypes: frozenset[str] = _set("Email", "ListEmail")
    connected_dispositions: frozenset[str] = _set("Connected")
    qualified_lead_statuses: frozenset[str] = _set("Qualified", "Closed - Converted")
    qualified_date_field: str = "ConvertedDate"
    # Salesforce has no standard "meeting took place" field: name yours to count meetings held.
    held_field: str | None = None
    held_values: frozenset[str] = frozenset()
    # Only orgs with multiple currencies have CurrencyIsoCode (asking for it elsewhere is an
    # error): name it to keep each opportunity's currency; unset, the owner's team's is used.
    currency_field: str | None = None


@dataclass(frozen=True)
class CrmMapping:
    hubspot: HubSpotMapping = field(default_factory=HubSpotMapping)
    salesforce: SalesforceMapping = field(default_factory=SalesforceMapping)


DEFAULT_MAPPING = CrmMapping()
_M = TypeVar("_M", HubSpotMapping, SalesforceMapping)


def load_mapping(path: Path | None) -> CrmMapping:
    """The default mapping with the file's overrides; every problem in the file in one error."""
    if path is None:
        return DEFAULT_MAPPING
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise CrmMappingError(f"mapping file {path} not found") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CrmMappingError(f"mapping file {path} cannot be read: {exc}") from exc
    return parse_mapping(raw, origin=str(path))


def parse_mapping(raw: dict[str, Any], *, origin: str = "mapping") -> CrmMapping:
    problems: list[str] = []
    for section in raw:
        if section not in ("hubspot", "salesforce"):
            problems.append(f"unknown section [{section}] (use [hubspot] or [salesforce])")
    hubspot = _section(raw.get("hubspot", {}), HubSpotMapping(), "hubspot", problems)
    salesforce = _section(raw.get("salesforce", {}), SalesforceMapping(), "salesforce", problems)
    if salesforce.held_field is None and salesforce.held_values:
        problems.append("[salesforce] held_values needs held_field")
    if problems:
        raise CrmMappingError(f"{origin}: " + "; ".join(problems))
    return CrmMapping(hubspot=hubspot, salesforce=salesforce)


def _section(raw: object, default: _M, name: str, problems: list[str]) -> _M:
    if not isinstance(raw, dict):
        problems.append(f"[{name}] must be a table")
        return default
    known = {f.name: f for f in fields(default)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f"[{name}] unknown key {key!r} (known: {', '.join(sorted(known))})")
            continue
        if isinstance(getattr(default, key), frozenset):
            if not isinstance(value, list) or not all(
                    isinstance(v, str) and v.strip() for v in value):
                problems.append(f"[{name}] {key} must be a list of non-empty strings")
                continue
            changes[key] = _set(*(v.strip() for v in value))
        else:
            if not isinstance(value, str) or not _FIELD_NAME.fullmatch(value):
                problems.append(f"[{name}] {key} must be a CRM field name "
                                "(letters, digits and underscores)")
                continue
            changes[key] = value
    return replace(default, **changes)
