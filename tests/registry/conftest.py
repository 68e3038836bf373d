"""Registry tests: every call and answer keeps to Slack's contract (checked after each test)."""

from tests.slack_contract import checked_harness

__all__ = ["checked_harness"]
