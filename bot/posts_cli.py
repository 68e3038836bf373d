"""`kpibot post-scorecards` and `kpibot nudge`: the scheduler's jobs, run now by an operator.

They claim posts exactly as the scheduler does, so running one beside a running bot (or twice)
never posts twice; only `post-scorecards --force` reposts. A post another process holds is
watched until it is out, and taken over (after a look in the channel) if that process died, so
the command ends with every post out or a reason it is not. `--week` takes finished weeks only.
Teams are posted side by side at Slack's pace (bot/services/pacing.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.kpi.periods import Period, week_from_key

if TYPE_CHECKING:  # the heavy imports wait until a command runs
    from bot.services.posting import Posting

POST_COMMANDS = ("post-scorecards", "nudge")
_WEEK = re.compile(r"^\d{4}-W\d{2}$")


def _week(text: str) -> Period:
    try:
        if not _WEEK.match(text.upper()):
            raise ValueError(text)
        return week_from_key(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO week such as 2026-W47") from None


def add_post_commands(sub: Any) -> None:
    post = sub.add_parser("post-scorecards",
                          help="post the weekly scorecards now; never one twice without --force")
    post.add_argument("--team", help="one team, by name or id (default: every team)")
    post.add_argument("--week", type=_week,
                      help="a finished ISO week such as 2026-W47 (default: the week just ended)")
    post.add_argument("--force", action="store_true",
                      help="post even when that week's scorecard was posted already")
    nudge = sub.add_parser("nudge", help="send the goal nudges of the current run now")
    nudge.add_argument("--dry-run", action="store_true",
                       help="show who would get a nudge, and why; send nothing")


def run_post_command(settings: Settings, args: argparse.Namespace) -> int:
    dry_run = bool(getattr(args, "dry_run", False))
    if settings.slack_bot_token is None and not dry_run:
        print("kpibot: SLACK_BOT_TOKEN is required to post to Slack", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from bot.bootstrap import open_store
    from bot.deps import Deps
    from bot.services.posting import Posting
    from bot.slack_client import make_client

    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    store = open_store(settings)
    try:
        posting = Posting(Deps(settings, store), make_client(token, settings.slack_api_url))
        if args.command == "nudge":
            return asyncio.run(_nudge(posting, dry_run=dry_run))
        return asyncio.run(_post(posting, team=args.team, week=args.week, force=args.force))
    finally:
        store.dispose()


_SAID = {
    "posted": "posted to {channel} (ts {ts})",
    "already_posted": "already posted to {channel} (ts {ts}); --force posts it again",
    "found": "posted earlier by an attempt Slack never answered (found in {channel}, ts {ts})",
    "being_posted": "still being posted by {holder}; run again in a few minutes",
    "unknown": "UNKNOWN: Slack did not answer ({error}); the post may be in {channel}. A later "
               "run (or the bot within minutes) looks in the channel before posting again",
    "no_channel": "skipped: the team has no channel (set one with /kpi settings)",
    "no_sdrs": "skipped: the team has no SDRs",
    "not_ended": "refused: the week has not ended yet in the team's time zone",
}
_DONE = frozenset({"posted", "already_posted", "found", "no_channel", "no_sdrs"})


async def _post(posting: Posting, *, team: str | None, week: Period | None, force: bool) -> int:
    from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
    from storage import people

    team_ids: list[int] | None = None
    if team is not None:
        found = await posting.store.run(people.find_team, name_or_id=team)
        if found is None or found.id is None:
            print(f"kpibot: no team named {team!r}", file=sys.stderr)
            return 2
        team_ids = [found.id]
    # a post another process holds is watched until it is done, or taken over if that
    # process died (its claim goes stale): an operator's run ends with every post out
    outcomes = await post_weekly_scorecards(posting, team_ids=team_ids, week=week, force=force,
                                            wait=posting.stale_after + posting.heartbeat_every)
    if week is not None and outcomes and all(o.status is PostStatus.NOT_ENDED
                                             for o in outcomes):
        print(f"kpibot: {week.key} has not ended yet (it ends {week.last_day:%A %d %B}); only "
              "a finished week can be posted", file=sys.stderr)
        return 2
    for o in outcomes:
        if o.status is PostStatus.FAILED:
            told = f"; told {', '.join(o.told)}" if o.told else ""
            line = f"FAILED: {o.error}{told}"
        else:
            line = _SAID[o.status.value].format(channel=o.channel_id, ts=o.message_ts,
                                                holder=o.holder, error=o.error)
        print(f"{o.team_name} {o.week}: {line}")
    return 0 if all(o.status.value in _DONE for o in outcomes) else 1


async def _nudge(posting: Posting, *, dry_run: bool) -> int:
    from bot.services.nudges import NudgeStatus, send_nudges

    outcomes = await send_nudges(posting, dry_run=dry_run)
    for o in outcomes:
        error = f" ({o.error})" if o.error else ""
        print(f"team {o.team_id} {o.user_id}: {o.status} [{o.reason}]{error}")
    sent = sum(o.status in (NudgeStatus.SENT, NudgeStatus.WOULD_SEND) for o in outcomes)
    print(f"{sent} nudge(s) {'would be ' if dry_run else ''}sent")
    return 1 if any(o.status is NudgeStatus.FAILED for o in outcomes) else 0
