"""Read HubSpot CRM v3 through the official client: owners, calls, emails, meetings, contacts,
deals. Changes come from the search API filtered on the last-modified property; deletions from
the archived listing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import partial
from typing import Any

from hubspot import HubSpot  # type: ignore[import-untyped]
from urllib3.util.retry import Retry

from bot.crm.activity import CrmActivity, CrmCursor, CrmReadResult, CrmRecord
from bot.crm.errors import CrmAuthError
from bot.crm.mapping import CrmMapping
from bot.crm.reading import ReadOptions, read_type
from bot.crm.retry import RateLimited, call_with_retry, parse_retry_after
from bot.crm.timestamps import parse_timestamp

TOKEN_VARIABLE = "HUBSPOT_ACCESS_TOKEN"
# The search API answers at most 10,000 results per query; past that we search again from the
# last modification time seen.
_SEARCH_CAP = 10_000


@dataclass(frozen=True)
class HubSpotType:
    object_type: str
    api_path: tuple[str, ...]  # attributes under client.crm
    modified_property: str
    properties: tuple[str, ...]


HUBSPOT_TYPES: tuple[HubSpotType, ...] = (
    HubSpotType("call", ("objects", "calls"), "hs_lastmodifieddate",
                ("hs_timestamp", "hs_createdate", "hs_call_disposition")),
    HubSpotType("email", ("objects", "emails"), "hs_lastmodifieddate",
                ("hs_timestamp", "hs_createdate", "hs_email_direction")),
    HubSpotType("meeting", ("objects", "meetings"), "hs_lastmodifieddate",
                ("hs_timestamp", "hs_createdate", "hs_meeting_start_time", "hs_meeting_outcome")),
    HubSpotType("contact", ("contacts",), "lastmodifieddate",
                ("createdate", "lifecyclestage", "hs_lead_status")),
    HubSpotType("deal", ("deals",), "hs_lastmodifieddate",
                ("createdate", "amount", "deal_currency_code")),
)
HUBSPOT_OBJECT_TYPES = tuple(t.object_type for t in HUBSPOT_TYPES)


class HubSpotReader:
    def __init__(self, *, access_token: str, mapping: CrmMapping, tz: tzinfo,
                 api_url: str | None = None, options: ReadOptions | None = None) -> None:
        # The client's Configuration takes `host`; None keeps https://api.hubapi.com.
        # urllib3 would otherwise sleep out a 429's Retry-After itself, unbounded and unseen;
        # our retry loop waits instead, within its budget.
        self._client = HubSpot(access_token=access_token,
                               host=api_url.rstrip("/") if api_url else None,
                               retry=Retry(total=3, respect_retry_after_header=False))
        self._mapping = mapping
        self._tz = tz
        self._options = options or ReadOptions()

    def read(self, cursor: CrmCursor | None = None) -> CrmReadResult:
        """Everything changed or archived since `cursor` (everything, without one)."""
        cursor = cursor or CrmCursor()
        owners = self.owner_emails()
        activities: list[CrmActivity] = []
        unmatched: set[str] = set()
        records = 0
        for spec in HUBSPOT_TYPES:
            since = cursor.get(spec.object_type)
            read = read_type(self._records(spec, since, owners, unmatched), since,
                             mapping=self._mapping, tz=self._tz, options=self._options)
            activities.extend(read.activities)
            records += read.records
            if read.position is not None:
                cursor = cursor.advanced(spec.object_type, read.position)
        return CrmReadResult(tuple(activities), cursor, records, tuple(sorted(unmatched)))

    def owner_emails(self) -> dict[str, str]:
        """Owner id to e-mail, deactivated owners included: their old records still count."""
        owners: dict[str, str] = {}
        api = self._client.crm.owners.owners_api
        for archived in (False, True):
            after: str | None = None
            while True:
                page = self._call(partial(api.get_page, limit=self._options.page_size,
                                          after=after, archived=archived))
                for owner in page.get("results") or ():
                    if owner.get("email"):
                        owners[str(owner["id"])] = str(owner["email"]).strip().lower()
                after = _next_after(page)
                if after is None:
                    break
        return owners

    def _records(self, spec: HubSpotType, since: datetime | None, owners: dict[str, str],
                 unmatched: set[str]) -> Iterator[CrmRecord]:
        for obj in self._search(spec, since):
            yield self._record(spec, obj, owners, unmatched, deleted=False)
        if since is None:
            return  # a first read has stored nothing that a deletion could retract
        for obj in self._archived(spec):
            record = self._record(spec, obj, owners, unmatched, deleted=True)
            if record.modified_at > since:
                yield record

    def _record(self, spec: HubSpotType, obj: dict[str, Any], owners: dict[str, str],
                unmatched: set[str], *, deleted: bool) -> CrmRecord:
        props: dict[str, object] = dict(obj.get("properties") or {})
        modified = (obj.get("archivedAt") if deleted else None) \
            or props.get(spec.modified_property) or obj.get("updatedAt")
        owner_id = props.get(self._mapping.hubspot.owner_property)
        email = owners.get(str(owner_id)) if owner_id else None
        if owner_id and email is None:
            unmatched.add(str(owner_id))
        return CrmRecord(source="hubspot", object_type=spec.object_type,
                         record_id=str(obj["id"]),
                         owner_email=email, fields=props,
                         modified_at=parse_timestamp(modified) or self._options.now(),
                         deleted=deleted)

    def _api(self, spec: HubSpotType) -> Any:
        api: Any = self._client.crm
        for name in spec.api_path:
            api = getattr(api, name)
        return api

    def _properties(self, spec: HubSpotType) -> list[str]:
        m = self._mapping.hubspot
        extra = [m.owner_property, spec.modified_property]
        if spec.object_type == "contact":
            extra.append(m.qualified_date_property)
        return sorted({*spec.properties, *extra})

    def _search(self, spec: HubSpotType, since: datetime | None) -> Iterator[dict[str, Any]]:
        search = self._api(spec).search_api
        operator = "GT"
        after: str | None = None
        last_seen = since
        query_since = since  # fixed while paging; moves only when the search cap restarts it
        while True:
            body: dict[str, Any] = {
                "properties": self._properties(spec),
                "sorts": [{"propertyName": spec.modified_property, "direction": "ASCENDING"}],
                "limit": self._options.page_size,
            }
            if query_since is not None:
                body["filterGroups"] = [{"filters": [{
                    "propertyName": spec.modified_property, "operator": operator,
                    "value": str(int(query_since.timestamp() * 1000))}]}]
            if after is not None:
                body["after"] = after
            page = self._call(partial(search.do_search, public_object_search_request=body))
            for obj in page.get("results") or ():
                last_seen = parse_timestamp(
                    (obj.get("properties") or {}).get(spec.modified_property)) or last_seen
                yield obj
            after = _next_after(page)
            if after is None:
                return
            if after.isdigit() and int(after) >= _SEARCH_CAP:
                operator, after, query_since = "GTE", None, last_seen

    def _archived(self, spec: HubSpotType) -> Iterator[dict[str, Any]]:
        basic = self._api(spec).basic_api
        after: str | None = None
        while True:
            page = self._call(partial(basic.get_page, limit=self._options.page_size,
                                      after=after, archived=True,
                                      properties=self._properties(spec)))
            yield from page.get("results") or ()
            after = _next_after(page)
            if after is None:
                return

    def _call(self, fn: Callable[..., Any]) -> dict[str, Any]:
        return call_with_retry(lambda: _classified(fn), policy=self._options.retry,
                               sleep=self._options.sleep)


def _next_after(page: dict[str, Any]) -> str | None:
    after = ((page.get("paging") or {}).get("next") or {}).get("after")
    return str(after) if after else None


def _classified(fn: Callable[..., Any]) -> dict[str, Any]:
    """One HubSpot call, its refusals turned into our errors. Every generated API package has
    its own ApiException class, so they are recognised by their `status`.

    The JSON is decoded here rather than into the client's generated models, whose per-field
    date parsing costs more than the whole rest of a sync."""
    try:
        response = fn(_preload_content=False)
        try:
            page: dict[str, Any] = json.loads(response.data)
        finally:
            response.release_conn()
        return page
    except Exception as exc:
        status = getattr(exc, "status", None)
        if not isinstance(status, int):
            raise
        body = getattr(exc, "body", None)
        detail = body.decode(errors="replace") if isinstance(body, bytes) else str(body or "")
        if status == 401:
            raise CrmAuthError(TOKEN_VARIABLE, detail[:300]) from exc
        if status == 403:
            raise CrmAuthError(TOKEN_VARIABLE, "the private app lacks a scope: "
                               + detail[:300]) from exc
        if status == 429:
            headers = getattr(exc, "headers", None) or {}
            raise RateLimited(parse_retry_after(headers.get("Retry-After")),
                              f"HubSpot 429: {detail[:200]}") from exc
        raise
