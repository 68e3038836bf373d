"""The README's CRM sync section: its mapping file example is one the bot accepts, and every
variable it names is a setting."""

from __future__ import annotations

import re
import tomllib

from bot.config import Settings
from bot.crm.mapping import parse_mapping
from tests.slack_contract import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text("utf-8")
SECTION = README[README.index("## CRM sync"):README.index("\n## ", README.index("## CRM sync") + 5)]


def test_the_mapping_file_example_is_accepted() -> None:
    [example] = re.findall(r"```toml\n(.*?)```", SECTION, re.S)
    mapping = parse_mapping(tomllib.loads(example), origin="README")
    assert mapping.salesforce.held_field == "Meeting_Status__c"


def test_every_variable_named_is_a_setting() -> None:
    named = set(re.findall(r"`((?:HUBSPOT|SALESFORCE|CRM)_[A-Z_]+)`", SECTION))
    assert named and named <= {name.upper() for name in Settings.model_fields}
