"""The scheduler tests share the scheduled-post fixtures."""

from __future__ import annotations

from tests.posts.conftest import posting, retry_waits, slack, slack_contract

__all__ = ["posting", "retry_waits", "slack", "slack_contract"]
