"""`kpibot run` starts the scheduler in both modes, with the app's own dependencies, and stops
it on the way out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import bot.app
import bot.runner
import bot.scheduler
from bot.config import Settings
from bot.console.local_slack import LocalSlack
from bot.deps import Deps


@pytest.mark.parametrize("mode", ["http", "socket"])
async def test_run_starts_the_scheduler(mode: str, slack: LocalSlack, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-run",
                        slack_app_token="xapp-run", slack_signing_secret="s",
                        slack_api_url=slack.api_url, kpi_scorecard_channel="C0TEAM",
                        database_url=f"sqlite:///{tmp_path / 'run.db'}")
    seen: dict[str, Any] = {}

    async def serve(app: Any, store: Any, settings: Any, served_mode: str, *_: Any) -> None:
        [scheduler] = bot.scheduler._SCHEDULERS.values()
        seen["mode"] = served_mode
        seen["running"] = scheduler.scheduler.running
        seen["jobs"] = sorted(job.id for job in scheduler.scheduler.get_jobs())
        seen["posting_deps"] = scheduler.posting.deps

    def build_app(deps: Deps, **kwargs: Any) -> Any:
        seen["app_deps"] = deps
        return built(deps, **kwargs)

    built = bot.app.build_app
    monkeypatch.setattr(bot.runner, "build_app", build_app)
    monkeypatch.setattr(bot.runner, "_serve", serve)
    await bot.runner.run_slack(settings, mode)
    # one store, one set of settings, one clock: the app's and the scheduled posts' are the same
    assert seen.pop("posting_deps") is seen.pop("app_deps")
    assert seen == {"mode": mode, "running": True,
                    "jobs": ["nudge:1:0", "nudge:1:1", "prune-events", "recheck", "scorecard:1",
                             "sync"]}
    assert bot.scheduler._SCHEDULERS == {}  # shut down when serving ended
