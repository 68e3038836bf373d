"""How a CSV's columns and values become activity fields: the spec's own columns, or a mapping
file (TOML) for a CRM export. Ready mappings ship in bot/ingest/mappings/.

A mapping either names a metric column (values translated by [metric_values]) or lists count
rules: each rule whose `when` matches a row counts one activity of its metric (a HubSpot call
with outcome "Connected" is 1 call and 1 conversation). A row no rule matches is skipped, not
an error: CRM exports hold notes and tasks the scorecard does not count.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.ingest.record import FIELDS

SHIPPED = ("hubspot", "salesforce")


class MappingError(ValueError):
    pass


@dataclass(frozen=True)
class CountRule:
    metric: str
    when: Mapping[str, frozenset[str]]  # header -> accepted values (compared case-blind)
    quantity: str | None = None  # a column; None counts 1
    value: str | None = None  # a column with an opportunity's amount

    def matches(self, row: Mapping[str, str]) -> bool:
        return all((row.get(h) or "").strip().lower() in ok for h, ok in self.when.items())


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    columns: Mapping[str, str]  # field -> header
    metric_values: Mapping[str, str] = field(default_factory=dict)  # lower-case value -> metric
    rules: tuple[CountRule, ...] = ()
    date_format: str | None = None
    timezone: str | None = None

    def required_headers(self) -> set[str]:
        needed = {self.columns[f] for f in ("date", "user") if f in self.columns}
        if not self.rules:
            needed.add(self.columns.get("metric", "metric"))
        for rule in self.rules:
            needed.update(rule.when)
        return needed

    def metric_text(self, text: str) -> str:
        """A metric column's value as the metric it names ("Call" -> calls)."""
        if not self.metric_values:
            return text
        text = text.strip()
        return self.metric_values.get(text.lower(), text)

    def fields_of(self, row: Mapping[str, str]) -> list[dict[str, str]]:
        """The activity fields one CSV row holds: none (skipped), one, or several."""
        if not self.rules:
            out = {f: (row.get(h) or "") for f, h in self.columns.items()}
            if self.metric_values:
                out["metric"] = self.metric_text(out.get("metric", ""))
            return [out]
        base = {f: (row.get(h) or "") for f, h in self.columns.items()
                if f not in ("metric", "quantity", "value")}
        found = []
        for rule in self.rules:
            if rule.matches(row):
                found.append({**base, "metric": rule.metric,
                              "quantity": row.get(rule.quantity, "") if rule.quantity else "1",
                              "value": row.get(rule.value, "") if rule.value else ""})
        return found


SPEC_COLUMNS = ColumnMapping(name="kpibot", columns={f: f for f in FIELDS})


def load_mapping(name_or_path: str) -> ColumnMapping:
    """A shipped mapping by name (hubspot, salesforce) or a TOML file of one's own."""
    if name_or_path in SHIPPED:
        text = (resources.files("bot.ingest") / "mappings" / f"{name_or_path}.toml").read_text(
            "utf-8")
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise MappingError(f"{name_or_path}: no such mapping file (shipped ones: "
                               + ", ".join(SHIPPED) + ")")
        text = path.read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{name_or_path}: not valid TOML: {exc}") from None
    return mapping_from_dict(data, name=str(data.get("name") or name_or_path))


def mapping_from_dict(data: Mapping[str, object], *, name: str) -> ColumnMapping:
    columns = data.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise MappingError(f"{name}: [columns] must map fields to header names")
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise MappingError(f"{name}: unknown fields in [columns]: {sorted(unknown)}; "
                           f"fields are {', '.join(FIELDS)}")
    if "date" not in columns or "user" not in columns:
        raise MappingError(f"{name}: [columns] needs date and user")
    values = data.get("metric_values") or {}
    if not isinstance(values, dict):
        raise MappingError(f"{name}: [metric_values] must map values to metrics")
    rules = tuple(_rule(r, name) for r in _list(data.get("count"), name))
    if not rules and "metric" not in columns:
        raise MappingError(f"{name}: give a metric column or [[count]] rules")
    date = data.get("date") or {}
    if not isinstance(date, dict):
        raise MappingError(f"{name}: [date] takes format and timezone")
    return ColumnMapping(
        name=name, columns=dict(columns),
        metric_values={str(k).lower(): str(v) for k, v in values.items()}, rules=rules,
        date_format=_opt_str(date.get("format")), timezone=_opt_str(date.get("timezone")),
    )


def _list(value: object, name: str) -> list[dict[str, object]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise MappingError(f"{name}: [[count]] must be a list of tables")
    return value


def _rule(data: dict[str, object], name: str) -> CountRule:
    when = data.get("when") or {}
    metric = data.get("metric")
    if not isinstance(metric, str) or not isinstance(when, dict):
        raise MappingError(f"{name}: each [[count]] needs metric and a when table")
    accepted = {
        str(header): frozenset(str(v).strip().lower()
                               for v in (values if isinstance(values, list) else [values]))
        for header, values in when.items()
    }
    return CountRule(metric=metric, when=accepted, quantity=_opt_str(data.get("quantity")),
                     value=_opt_str(data.get("value")))


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
