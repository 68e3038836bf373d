"""A local Salesforce serving the REST shapes of its public reference: the OAuth token endpoint,
`query` and `queryAll` (`{"totalSize","done","records":[{"attributes":{...},...}],
"nextRecordsUrl"}`), and errors as lists of `{"message","errorCode"}`.

simple-salesforce always builds https://<instance>/... URLs, so tests hand it `RedirectSession`,
a requests.Session that sends every request to this server and remembers the host it was for.
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from tests.crm.fake_http import JsonServer, Request, Response

INSTANCE = "https://acme.my.salesforce.com"
_SOQL = re.compile(r"^SELECT (?P<columns>.+?) FROM (?P<sobject>\w+)"
                   r"(?: WHERE (?P<where>.+?))?(?: ORDER BY (?P<order>\w+)(?: ASC)?)?$")
_IN = re.compile(r"^(\w+) IN \((.*)\)$")
_COMPARE = re.compile(r"^(\w+) (>=|>|<=|<|=) (\S+)$")
_PREFIX = {"Task": "00T", "Event": "00U", "Lead": "00Q", "Opportunity": "006", "User": "005"}


def sf_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


class RedirectSession(requests.Session):
    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target
        self.hosts: list[str] = []

    def request(self, method: str | bytes, url: str | bytes,
                *args: Any, **kwargs: Any) -> requests.Response:
        parts = urlsplit(str(url))
        self.hosts.append(parts.netloc)
        query = f"?{parts.query}" if parts.query else ""
        return super().request(str(method), f"{self.target}{parts.path}{query}", *args, **kwargs)


@dataclass
class FakeSalesforce:
    client_id: str = "3MVG9-client"
    client_secret: str = "s3cret"
    username: str = "sync@acme.example"
    password: str = "pw-and-token"
    page_size: int = 2
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # user id -> e-mail
    limited: int = 0  # answer this many next queries with REQUEST_LIMIT_EXCEEDED
    retry_after: str | None = "5"
    tokens: set[str] = field(default_factory=set)
    server: JsonServer | None = None
    _pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self) -> JsonServer:
        self.server = JsonServer(self.handle)
        return self.server

    def session(self) -> RedirectSession:
        assert self.server is not None
        return RedirectSession(self.server.url)

    def add_user(self, user_id: str, email: str) -> None:
        self.users[user_id] = email

    def put(self, sobject: str, record_id: str, modified: datetime, **values: Any) -> None:
        rows = self.records.setdefault(sobject, {})
        row = rows.get(record_id) or {"Id": record_id, "IsDeleted": False,
                                      "CreatedDate": sf_time(modified)}
        row.update(values)
        row["SystemModstamp"] = sf_time(modified)
        rows[record_id] = row

    def delete(self, sobject: str, record_id: str, when: datetime) -> None:
        row = self.records[sobject][record_id]
        row["IsDeleted"] = True
        row["SystemModstamp"] = sf_time(when)

    def revoke_sessions(self) -> None:
        self.tokens.clear()

    # HTTP ---------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path == "/services/oauth2/token" and request.method == "POST":
            return self._token(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return Response(401, [{"message": "Session expired or invalid",
                                   "errorCode": "INVALID_SESSION_ID"}])
        if self.limited > 0:
            self.limited -= 1
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return Response(403, [{"message": "TotalRequests Limit exceeded.",
                                   "errorCode": "REQUEST_LIMIT_EXCEEDED"}], headers)
        match = re.fullmatch(r"/services/data/v[\d.]+/(query|queryAll)/(.*)", request.path)
        if match and request.method == "GET":
            endpoint, locator = match.groups()
            if locator:
                return self._next_page(endpoint, locator)
            return self._query(endpoint, request.query["q"][0])
        return Response(404, [{"message": "The requested resource does not exist",
                               "errorCode": "NOT_FOUND"}])

    def _token(self, request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        grant = form.get("grant_type")
        # The client may authenticate in the body or with HTTP Basic (RFC 6749 2.3.1).
        basic = request.headers.get("authorization", "")
        if basic.startswith("Basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            form.setdefault("client_id", client_id)
            form.setdefault("client_secret", secret)
        good_client = (form.get("client_id"), form.get("client_secret")) == (
            self.client_id, self.client_secret)
        if grant == "password":
            good = good_client and (form.get("username"), form.get("password")) == (
                self.username, self.password)
        else:
            good = grant == "client_credentials" and good_client
        if not good:
            return Response(400, {"error": "invalid_client",
                                  "error_description": "invalid client credentials"})
        token = f"00Dxx0000001gPL!AQ{next(self._ids)}"
        self.tokens.add(token)
        return Response(200, {
            "access_token": token, "instance_url": INSTANCE,
            "id": "https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001Sv6AAAS",
            "token_type": "Bearer", "issued_at": "1764496800000", "signature": "c2lnbmF0dXJl"})

    def _query(self, endpoint: str, soql: str) -> Response:
        parsed = _SOQL.fullmatch(soql.strip())
        if parsed is None:
            return Response(400, [{"message": f"unexpected token: {soql[:40]}",
                                   "errorCode": "MALFORMED_QUERY"}])
        sobject = parsed["sobject"]
        rows = [r for r in self.records.get(sobject, {}).values()
                if endpoint == "queryAll" or not r["IsDeleted"]]
        for condition in (parsed["where"] or "").split(" AND ") if parsed["where"] else []:
            rows = [r for r in rows if _holds(condition, r)]
        if parsed["order"]:
            rows.sort(key=lambda r: str(r.get(parsed["order"]) or ""))
        columns = [c.strip() for c in parsed["columns"].split(",")]
        shaped = [self._shape(sobject, r, columns) for r in rows]
        locator = f"01gxx0000004{next(self._ids):03d}"
        self._pages[locator] = shaped
        return self._page(endpoint, locator, 0)

    def _next_page(self, endpoint: str, locator: str) -> Response:
        base, _, start = locator.rpartition("-")
        return self._page(endpoint, base, int(start))

    def _page(self, endpoint: str, locator: str, start: int) -> Response:
        shaped = self._pages[locator]
        end = start + self.page_size
        answer: dict[str, Any] = {"totalSize": len(shaped), "done": end >= len(shaped),
                                  "records": shaped[start:end]}
        if end < len(shaped):
            answer["nextRecordsUrl"] = f"/services/data/v59.0/{endpoint}/{locator}-{end}"
        return Response(200, answer)

    def _shape(self, sobject: str, row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
        shaped: dict[str, Any] = {"attributes": {
            "type": sobject, "url": f"/services/data/v59.0/sobjects/{sobject}/{row['Id']}"}}
        for column in columns:
            if "." in column:
                relation, name = column.split(".", 1)
                id_field = "OwnerId" if relation == "Owner" else \
                    relation.removesuffix("__r") + "__c"
                owner_id = row.get(id_field)
                shaped[relation] = None if owner_id is None else {
                    "attributes": {"type": "User",
                                   "url": f"/services/data/v59.0/sobjects/User/{owner_id}"},
                    name: self.users.get(str(owner_id))}
            else:
                shaped[column] = row.get(column)
        return shaped


def _holds(condition: str, row: dict[str, Any]) -> bool:
    if found := _IN.fullmatch(condition):
        name, values = found.groups()
        wanted = {v.strip().strip("'").lower() for v in values.split(",")}
        return str(row.get(name) or "").lower() in wanted
    if found := _COMPARE.fullmatch(condition):
        name, operator, literal = found.groups()
        have = row.get(name)
        if have is None:
            return False
        left = datetime.fromisoformat(str(have))
        right = datetime.fromisoformat(literal)
        return {">=": left >= right, ">": left > right, "<=": left <= right, "<": left < right,
                "=": left == right}[operator]
    raise AssertionError(f"the fake does not understand {condition!r}")
