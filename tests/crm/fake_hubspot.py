"""A local HubSpot serving the CRM v3 shapes of its public API reference: search
(`{"total","results","paging":{"next":{"after","link"}}}`), the object list with `archived=true`
and owners; 401 and 429 bodies as HubSpot sends them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial

from tests.crm.fake_http import JsonServer, Request, Response

# Properties every search returns besides the requested ones, per object (HubSpot's reference).
_MODIFIED = {"contacts": "lastmodifieddate"}
_CREATED = {"contacts": "createdate", "deals": "createdate"}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


@dataclass
class HubSpotObject:
    id: str
    properties: dict[str, str]
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None


@dataclass
class FakeHubSpot:
    token: str = "pat-na1-good"
    objects: dict[str, dict[str, HubSpotObject]] = field(default_factory=dict)
    owners: list[dict[str, object]] = field(default_factory=list)
    rate_limited: int = 0  # answer this many next requests with 429
    retry_after: str | None = "1"
    scopes_missing: bool = False  # a token whose private app lacks the CRM read scopes
    server: JsonServer | None = None

    def start(self) -> JsonServer:
        self.server = JsonServer(self.handle)
        return self.server

    def add_owner(self, owner_id: str, email: str) -> None:
        self.owners.append({
            "id": owner_id, "email": email, "firstName": email.split("@")[0].title(),
            "lastName": "Seller", "userId": int(owner_id) * 7, "type": "PERSON",
            "createdAt": "2025-01-06T08:00:00.000Z", "updatedAt": "2025-01-06T08:00:00.000Z",
            "archived": False})

    def put(self, kind: str, object_id: str, modified: datetime, **properties: str) -> None:
        existing = self.objects.setdefault(kind, {}).get(object_id)
        created = existing.created_at if existing else modified
        props = {**(existing.properties if existing else {}), **properties}
        props[_MODIFIED.get(kind, "hs_lastmodifieddate")] = iso(modified)
        props.setdefault(_CREATED.get(kind, "hs_createdate"), iso(created))
        props["hs_object_id"] = object_id
        self.objects[kind][object_id] = HubSpotObject(object_id, props, created, modified)

    def archive(self, kind: str, object_id: str, when: datetime) -> None:
        obj = self.objects[kind][object_id]
        obj.archived_at = obj.updated_at = when

    # HTTP ---------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Response(401, {
                "status": "error", "category": "INVALID_AUTHENTICATION",
                "correlationId": "5c1d8bde-0b5c-4f0e-9c1e-3f0f6d6b2a11",
                "message": "Authentication credentials not found. This API supports OAuth 2.0 "
                           "authentication and you can find more details at "
                           "https://developers.hubspot.com/docs/methods/auth/oauth-overview"})
        if self.scopes_missing:
            return Response(403, {
                "status": "error", "category": "MISSING_SCOPES",
                "message": "This app hasn't been granted all required scopes to make this call.",
                "errors": [{"message": "One or more of the following scopes are required.",
                            "context": {"requiredGranularScopes": [
                                "crm.objects.contacts.read"]}}],
                "correlationId": "8c1b5d1e-2d7f-4a8e-9d61-0f3f6e2b9a10"})
        if self.rate_limited > 0:
            self.rate_limited -= 1
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return Response(429, {
                "status": "error", "message": "You have reached your ten_secondly_rolling limit.",
                "errorType": "RATE_LIMIT", "policyName": "TEN_SECONDLY_ROLLING",
                "correlationId": "c033cdaa-2c40-4a64-ae48-b4cec88dad24"}, headers)
        parts = request.path.strip("/").split("/")
        if parts[:3] == ["crm", "v3", "owners"] and request.method == "GET":
            archived = _flag(request, "archived")
            owners = [o for o in self.owners if o["archived"] == archived]
            return self._page(request, owners, total=False)
        if parts[:3] == ["crm", "v3", "objects"] and len(parts) >= 4:
            kind = parts[3]
            if len(parts) == 5 and parts[4] == "search" and request.method == "POST":
                return self._search(kind, request)
            if len(parts) == 4 and request.method == "GET":
                return self._list(kind, request)
        return Response(404, {"status": "error", "message": f"no route {request.path}",
                              "category": "OBJECT_NOT_FOUND"})

    def _search(self, kind: str, request: Request) -> Response:
        body = request.json()
        found = [o for o in self.objects.get(kind, {}).values() if o.archived_at is None]
        for group in body.get("filterGroups", []):
            for f in group["filters"]:
                found = [o for o in found if _matches(o.properties.get(f["propertyName"]),
                                                      f["operator"], f["value"])]
        for sort in reversed(body.get("sorts", [])):
            name = sort["propertyName"] if isinstance(sort, dict) else sort
            found.sort(key=partial(_sort_key, name),
                       reverse=isinstance(sort, dict) and sort.get("direction") == "DESCENDING")
        requested = body.get("properties") or []
        start = int(body.get("after") or 0)
        limit = int(body.get("limit") or 10)
        page = [self._shape(o, requested, kind) for o in found[start:start + limit]]
        answer: dict[str, object] = {"total": len(found), "results": page}
        if start + limit < len(found):
            after = str(start + limit)
            answer["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
        return Response(200, answer)

    def _list(self, kind: str, request: Request) -> Response:
        archived = _flag(request, "archived")
        requested = [p for value in request.query.get("properties", []) for p in value.split(",")]
        found = [self._shape(o, requested, kind) for o in self.objects.get(kind, {}).values()
                 if (o.archived_at is not None) == archived]
        return self._page(request, found, total=False)

    def _page(self, request: Request, items: list[dict[str, object]], *,
              total: bool) -> Response:
        start = int(request.query.get("after", ["0"])[0] or 0)
        limit = int(request.query.get("limit", ["10"])[0])
        answer: dict[str, object] = {"results": items[start:start + limit]}
        if start + limit < len(items):
            after = str(start + limit)
            answer["paging"] = {"next": {"after": after, "link": f"?after={after}"}}
        return Response(200, answer)

    def _shape(self, obj: HubSpotObject, requested: list[str], kind: str) -> dict[str, object]:
        defaults = {"hs_object_id", _MODIFIED.get(kind, "hs_lastmodifieddate"),
                    _CREATED.get(kind, "hs_createdate")}
        props = {k: v for k, v in obj.properties.items() if k in defaults or k in requested}
        for name in requested:
            props.setdefault(name, None)  # type: ignore[arg-type]  # HubSpot sends null
        shaped: dict[str, object] = {
            "id": obj.id, "properties": props, "createdAt": iso(obj.created_at),
            "updatedAt": iso(obj.updated_at), "archived": obj.archived_at is not None}
        if obj.archived_at is not None:
            shaped["archivedAt"] = iso(obj.archived_at)
        return shaped


def _sort_key(name: str, obj: HubSpotObject) -> int:
    return _millis(obj.properties.get(name)) or 0


def _flag(request: Request, name: str) -> bool:
    # The generated client sends Python's "True"; HubSpot reads booleans case-insensitively.
    return request.query.get(name, ["false"])[0].lower() == "true"


@lru_cache(maxsize=100_000)
def _millis(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return int(datetime.fromisoformat(value).timestamp() * 1000)


def _matches(value: str | None, operator: str, wanted: str) -> bool:
    have, want = _millis(value), _millis(wanted)
    if have is None or want is None:
        return False
    return {"GT": have > want, "GTE": have >= want, "LT": have < want, "LTE": have <= want,
            "EQ": have == want}[operator]
