"""manifest.yml against Slack's manifest schema, and against the code: every slash command,
event and Web API method the bot uses is declared, with the bot scopes Slack says it needs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest
import yaml
from slack_bolt.async_app import AsyncApp

from bot.listeners import commands, register_all
from tests.slack_contract import METHODS_DIR, REPO_ROOT, SLACK_FIXTURES, method_spec

MANIFEST = REPO_ROOT / "manifest.yml"
SCHEMAS = ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
# Scopes no single method call shows, each with the reason the app asks for it.
NEEDED_BEYOND_METHODS = {
    "commands": "slash commands",
}
PLANNED = {
    "files:write": "the weekly scorecard chart (files.getUploadURLExternal)",
    "im:write": "direct messages to SDRs (nudges, target notices)",
}
# slack_sdk helpers that call other methods than their name says
SDK_HELPERS = {
    "files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal"),
}
_CLIENT_CALL = re.compile(r"\b\w*client\)?\.(?P<name>[a-z]+(?:_[A-Za-z0-9]+)+)\(")
_API_CALL = re.compile(r"api_call\(\s*[\"'](?P<name>[A-Za-z.]+)[\"']")


@cache
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MANIFEST.read_text("utf-8"))
    return data


def bot_scopes() -> set[str]:
    return set(manifest()["oauth_config"]["scopes"]["bot"])


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_the_manifest_validates_against_slacks_schema(schema_name: str) -> None:
    schema = json.loads((SLACK_FIXTURES / schema_name).read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(manifest()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_broken_manifest() -> None:
    schema = json.loads((SLACK_FIXTURES / SCHEMAS[-1]).read_text("utf-8"))
    broken = {**manifest(), "features": {**manifest()["features"], "slash_commands": [
        {"command": "mykpis", "description": "no leading slash"}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_the_settings_the_app_relies_on() -> None:
    features, settings = manifest()["features"], manifest()["settings"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["bot_user"]["display_name"]
    assert settings["interactivity"]["is_enabled"] is True  # buttons and modals
    assert settings["socket_mode_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    escaped = {c["command"]: c["should_escape"] for c in features["slash_commands"]}
    for command in features["slash_commands"]:
        assert command["usage_hint"] and command["description"]
    # /kpi takes @people (review, insights, note, off): only escaped do they arrive as IDs;
    # /mykpis reads plain period words
    assert escaped == {"/mykpis": False, "/kpi": True}


# --- what the code registers --------------------------------------------------------------------


class Recorder:
    """Stands in for the AsyncApp in register(): remembers each listener's kind and matcher."""

    def __init__(self) -> None:
        self.registered: list[tuple[str, object]] = []

    def __getattr__(self, kind: str) -> Callable[..., Callable[[Any], Any]]:
        def register(*matchers: object, **_options: object) -> Callable[[Any], Any]:
            self.registered.extend((kind, matcher) for matcher in matchers)
            return lambda listener: listener

        return register

    def of(self, kind: str) -> set[str]:
        return {str(m) for k, m in self.registered if k == kind and isinstance(m, str)}


def _registered(register: Callable[[AsyncApp], None]) -> Recorder:
    recorder = Recorder()
    register(cast(AsyncApp, recorder))
    return recorder


def test_every_slash_command_of_the_code_is_declared_and_no_other() -> None:
    registered = _registered(commands.register).of("command")
    assert {"/mykpis", "/kpi"} <= registered
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert registered == declared


def test_every_event_listened_to_is_subscribed() -> None:
    listened = _registered(register_all).of("event")
    subscribed = set(manifest()["settings"]["event_subscriptions"]["bot_events"])
    assert listened == subscribed, "bot_events must match the app.event listeners"
    if "app_home_opened" in listened:
        assert manifest()["features"]["app_home"]["home_tab_enabled"] is True


# --- Web API methods and their scopes -----------------------------------------------------------


def slack_method(name: str) -> str:
    """slack_sdk's method name to Slack's: chat_postMessage -> chat.postMessage."""
    return name.replace("_", ".")


def methods_called(root: Path = REPO_ROOT / "bot") -> dict[str, set[str]]:
    """Slack method -> the files that call it, from `client.<method>(` and `api_call("...")`."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        source = path.read_text("utf-8")
        names = [slack_method(m["name"]) for m in _API_CALL.finditer(source)]
        for match in _CLIENT_CALL.finditer(source):
            helper = SDK_HELPERS.get(match["name"])
            names.extend(helper if helper else [slack_method(match["name"])])
        if re.search(r"\bawait say\(", source):
            names.append("chat.postMessage")
        for name in names:
            found.setdefault(name, set()).add(str(path.relative_to(REPO_ROOT)))
    return found


def test_the_scan_finds_the_calls_we_know_of() -> None:
    called = methods_called()
    assert {"chat.postEphemeral", "users.info", "views.open"} <= set(called)
    assert slack_method("usergroups_users_list") == "usergroups.users.list"


def test_every_method_called_is_a_described_slack_method() -> None:
    unknown = {m: sorted(files) for m, files in methods_called().items()
               if not (METHODS_DIR / f"{m}.json").is_file()}
    assert not unknown, f"called but not a Slack method we have a description of: {unknown}"


def test_every_method_called_has_its_bot_scope_in_the_manifest() -> None:
    missing = {}
    for method, files in methods_called().items():
        needed = method_spec(method).get("scope", {}).get("bot") or []
        if needed and not set(needed) & bot_scopes():
            missing[method] = (needed, sorted(files))
    assert not missing, f"add one of these bot scopes to manifest.yml: {missing}"


def test_every_declared_scope_has_a_reason() -> None:
    used: set[str] = set(NEEDED_BEYOND_METHODS)
    for method in methods_called():
        used |= set(method_spec(method).get("scope", {}).get("bot") or []) & bot_scopes()
    unexplained = bot_scopes() - used - set(PLANNED)
    assert not unexplained, f"scopes nothing uses (least privilege): {sorted(unexplained)}"


def test_the_method_copies_are_exactly_the_methods_called() -> None:
    kept = {path.stem for path in METHODS_DIR.glob("*.json")}
    assert kept == set(methods_called()), "copy a new method's description in, drop unused ones"


def test_the_email_scope_comes_with_the_feature_that_needs_it() -> None:
    # users.lookupByEmail (CSV import, the ingest webhook) needs users:read.email; a scope is
    # requested only while code calls a method that needs it
    assert ("users.lookupByEmail" in methods_called()) == ("users:read.email" in bot_scopes())
