"""Read Salesforce through simple-salesforce: Task, Event, Lead and Opportunity changed since
each type's SystemModstamp cursor, deletions included (queryAll, IsDeleted)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlparse

import requests
from simple_salesforce.api import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceError,
    SalesforceExpiredSession,
)

from bot.crm.activity import CrmActivity, CrmCursor, CrmReadResult, CrmRecord
from bot.crm.errors import CrmAuthError, CrmError
from bot.crm.mapping import CrmMapping, SalesforceMapping
from bot.crm.reading import ReadOptions, read_type
from bot.crm.retry import RateLimited, call_with_retry, parse_retry_after
from bot.crm.settings import CrmSettings
from bot.crm.timestamps import parse_timestamp

T = TypeVar("T")


@dataclass(frozen=True)
class SalesforceType:
    object_type: str
    sobject: str
    fields: tuple[str, ...]


SALESFORCE_TYPES: tuple[SalesforceType, ...] = (
    SalesforceType("task", "Task",
                   ("TaskSubtype", "CallDisposition", "CompletedDateTime", "CreatedDate")),
    SalesforceType("event", "Event",
                   ("CreatedDate", "StartDateTime", "ActivityDateTime", "ActivityDate")),
    SalesforceType("lead", "Lead", ("CreatedDate", "Status", "IsConverted", "ConvertedDate")),
    SalesforceType("opportunity", "Opportunity", ("CreatedDate", "Amount")),
)
SALESFORCE_OBJECT_TYPES = tuple(t.object_type for t in SALESFORCE_TYPES)


def login_domain(url: str) -> str:
    """simple-salesforce's `domain`: https://acme.my.salesforce.com -> "acme.my"."""
    host = (urlparse(url).hostname or "").lower()
    if not host.endswith(".salesforce.com"):
        raise CrmError(f"SALESFORCE_LOGIN_URL {url!r} is not a *.salesforce.com address "
                       "(use https://login.salesforce.com, https://test.salesforce.com or "
                       "your My Domain URL)")
    return host.removesuffix(".salesforce.com")


def connect_salesforce(settings: CrmSettings, *,
                       session: requests.Session | None = None) -> tuple[Salesforce, str]:
    """Log in with what the settings hold; returns the client and the variable to blame when
    the CRM later refuses its session."""
    login_url = settings.salesforce_login_url or settings.salesforce_instance_url
    if login_url is None:
        raise CrmError("set SALESFORCE_INSTANCE_URL (or SALESFORCE_LOGIN_URL) to sync Salesforce")
    domain = login_domain(login_url)
    client_id = settings.salesforce_client_id
    secret = settings.salesforce_client_secret
    username = settings.salesforce_username
    password = settings.salesforce_password
    token = settings.salesforce_security_token
    try:
        if username and password and client_id and secret:
            variable = "SALESFORCE_PASSWORD"
            client = Salesforce(
                username=username, consumer_key=client_id,
                consumer_secret=secret.get_secret_value(),
                password=password.get_secret_value()
                + (token.get_secret_value() if token else ""),
                domain=domain, session=session)
        elif client_id and secret:
            variable = "SALESFORCE_CLIENT_SECRET"
            if domain in ("login", "test"):
                raise CrmError("the client-credentials flow needs your My Domain: set "
                               "SALESFORCE_INSTANCE_URL (or SALESFORCE_LOGIN_URL) to "
                               "https://<your domain>.my.salesforce.com")
            client = Salesforce(consumer_key=client_id,
                                consumer_secret=secret.get_secret_value(),
                                domain=domain, session=session)
        elif username and password and token:
            variable = "SALESFORCE_PASSWORD"
            client = Salesforce(username=username, password=password.get_secret_value(),
                                security_token=token.get_secret_value(), domain=domain,
                                session=session)
        else:
            raise CrmError("set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET, or "
                           "SALESFORCE_USERNAME, SALESFORCE_PASSWORD and "
                           "SALESFORCE_SECURITY_TOKEN, to sync Salesforce")
    except SalesforceAuthenticationFailed as exc:
        raise CrmAuthError(variable, str(exc)[:300]) from exc
    return client, variable


class SalesforceReader:
    def __init__(self, *, client: Salesforce, mapping: CrmMapping, tz: tzinfo,
                 credential_variable: str = "SALESFORCE_CLIENT_SECRET",
                 options: ReadOptions | None = None) -> None:
        self._client = client
        self._mapping = mapping
        self._tz = tz
        self._variable = credential_variable
        self._options = options or ReadOptions()
        self._retry_after: str | None = None
        # simple-salesforce's errors keep the body, not the headers: remember Retry-After here.
        client.session.hooks["response"].append(self._remember_retry_after)

    def read(self, cursor: CrmCursor | None = None) -> CrmReadResult:
        cursor = cursor or CrmCursor()
        activities: list[CrmActivity] = []
        records = 0
        for spec in SALESFORCE_TYPES:
            since = cursor.get(spec.object_type)
            rows = (self._record(spec, row) for row in self._rows(spec, since))
            # a first read has nothing to take back: records deleted before it are skipped
            found = (r for r in rows if since is not None or not r.deleted)
            read = read_type(found, since, mapping=self._mapping, tz=self._tz,
                             options=self._options)
            activities.extend(read.activities)
            records += read.records
            if read.position is not None:
                cursor = cursor.advanced(spec.object_type, read.position)
        return CrmReadResult(tuple(activities), cursor, records)

    def soql(self, spec: SalesforceType, since: datetime | None) -> str:
        m = self._mapping.salesforce
        columns = sorted({"Id", "SystemModstamp", "IsDeleted", f"{m.owner_relationship}.Email",
                          *spec.fields, *_extra_fields(spec, m)})
        where: list[str] = []
        if spec.sobject == "Task":
            subtypes = sorted(m.call_subtypes | m.email_subtypes)
            where.append("TaskSubtype IN (" + ", ".join(_quote(s) for s in subtypes) + ")")
        if since is not None:
            literal = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            where.append(f"SystemModstamp >= {literal}")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return (f"SELECT {', '.join(columns)} FROM {spec.sobject}{clause} "
                "ORDER BY SystemModstamp ASC")

    def _rows(self, spec: SalesforceType, since: datetime | None) -> Iterator[dict[str, Any]]:
        query = self.soql(spec, since)
        page = self._call(lambda: self._client.query(query, include_deleted=True))
        while True:
            yield from page["records"]
            if page["done"]:
                return
            url = page["nextRecordsUrl"]
            page = self._call(partial(self._client.query_more, url, identifier_is_url=True))

    def _record(self, spec: SalesforceType, row: dict[str, Any]) -> CrmRecord:
        owner = row.get(self._mapping.salesforce.owner_relationship)
        email = owner.get("Email") if isinstance(owner, dict) else None
        modified = parse_timestamp(row.get("SystemModstamp")) or self._options.now()
        return CrmRecord(source="salesforce", object_type=spec.object_type,
                         record_id=str(row["Id"]),
                         owner_email=email.strip().lower() if isinstance(email, str) else None,
                         fields=row, modified_at=modified, deleted=row.get("IsDeleted") is True)

    def _remember_retry_after(self, response: requests.Response, *args: object,
                              **kwargs: object) -> None:
        self._retry_after = response.headers.get("Retry-After")

    def _call(self, fn: Callable[[], T]) -> T:
        def attempt() -> T:
            try:
                return fn()
            except SalesforceAuthenticationFailed as exc:
                # simple-salesforce logs in again on an expired session; this is that failing.
                raise CrmAuthError(self._variable, str(exc)[:300]) from exc
            except SalesforceExpiredSession as exc:
                raise CrmAuthError(self._variable, _error_text(exc)) from exc
            except SalesforceError as exc:
                codes = _error_codes(exc)
                if "INVALID_SESSION_ID" in codes:
                    raise CrmAuthError(self._variable, _error_text(exc)) from exc
                if exc.status == 429 or "REQUEST_LIMIT_EXCEEDED" in codes:
                    raise RateLimited(parse_retry_after(self._retry_after),
                                      f"Salesforce {exc.status}: {_error_text(exc)}") from exc
                raise
        return call_with_retry(attempt, policy=self._options.retry, sleep=self._options.sleep)


def _extra_fields(spec: SalesforceType, m: SalesforceMapping) -> tuple[str, ...]:
    if spec.sobject == "Lead":
        return (m.qualified_date_field,)
    if spec.sobject == "Event" and m.held_field:
        return (m.held_field,)
    if spec.sobject == "Opportunity" and m.currency_field:
        return (m.currency_field,)
    return ()


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _error_codes(exc: SalesforceError) -> set[str]:
    content = exc.content
    if isinstance(content, list):
        return {str(e.get("errorCode")) for e in content if isinstance(e, dict)}
    return set()


def _error_text(exc: SalesforceError) -> str:
    content = exc.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("message", ""))[:300]
    return str(content)[:300]
