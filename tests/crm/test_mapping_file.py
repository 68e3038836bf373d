"""Mapping files: overrides are applied, every mistake is named, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crm.errors import CrmMappingError
from bot.crm.mapping import DEFAULT_MAPPING, load_mapping


def test_no_file_is_the_default_mapping() -> None:
    assert load_mapping(None) == DEFAULT_MAPPING


def test_a_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "crm.toml"
    path.write_text('[hubspot]\nowner_property = "sdr_owner"\n'
                    'qualified_lead_statuses = ["Qualified", " SQL "]\n'
                    '[salesforce]\nconnected_dispositions = ["Spoke"]\n')
    mapping = load_mapping(path)
    assert mapping.hubspot.owner_property == "sdr_owner"
    assert mapping.hubspot.qualified_lead_statuses == frozenset({"qualified", "sql"})
    assert mapping.hubspot.connected_dispositions == \
        DEFAULT_MAPPING.hubspot.connected_dispositions
    assert mapping.salesforce.connected_dispositions == frozenset({"spoke"})
    assert mapping.salesforce.owner_relationship == "Owner"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "crm.toml"
    path.write_text('[pipedrive]\nx = 1\n[hubspot]\nowner_propery = "a"\n'
                    'connected_dispositions = "Connected"\n'
                    '[salesforce]\nowner_relationship = "Owner; DELETE"\nheld_values = ["x"]\n')
    with pytest.raises(CrmMappingError) as caught:
        load_mapping(path)
    message = str(caught.value)
    for part in ("[pipedrive]", "'owner_propery'", "connected_dispositions must be a list",
                 "owner_relationship must be a CRM field name", "held_values needs held_field",
                 str(path)):
        assert part in message


def test_unreadable_files_are_clear(tmp_path: Path) -> None:
    with pytest.raises(CrmMappingError, match="not found"):
        load_mapping(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[hubspot\n")
    with pytest.raises(CrmMappingError, match="cannot be read"):
        load_mapping(broken)
