"""The scheduled CRM sync inside `kpibot run`: every CRM_SYNC_MINUTES (15 by default), for each
configured source, claimed in the database per source and slot so one replica runs it.

A token the CRM refuses stops that source's job in this process (a restart with a fixed token
resumes it), is told to the admins once by DM and shows in /healthz; the bot keeps serving.
Owners with no Slack user are told to the admins once each. Every replica's job keeps its
view of each source fresh from the database, so every replica's /healthz says the same.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler

from bot.crm.activity import Source as SourceName
from bot.crm.errors import CrmAuthError, CrmError
from bot.crm.schedule import NAMES, configured_sources, slot_of, trigger
from bot.i18n import Translator
from bot.services.posting import Posting
from bot.slack_errors import slack_error
from storage import crm, imports, people

if TYPE_CHECKING:
    from bot.services.crm_sync import SyncReport

logger = logging.getLogger(__name__)

_JOBS: dict[str, CrmSyncJob] = {}  # scheduler key -> its job, found by the module function
# What /healthz shows: per source, why its sync is stopped. One bot process, one view.
_STOPPED: dict[str, str] = {}


def crm_problems() -> dict[str, str]:
    """Sources whose sync is stopped, and why (for /healthz)."""
    return dict(_STOPPED)


def add_crm_jobs(scheduler: BaseScheduler, posting: Posting, key: str) -> list[str]:
    """The sync job of each configured source; returns their ids (none without a CRM)."""
    minutes = posting.settings.crm_sync_minutes
    job = CrmSyncJob(posting)
    _JOBS[key] = job
    ids = []
    for source in configured_sources(posting.settings):
        job_id = f"crm-sync:{source}"
        scheduler.add_job(crm_sync_job, trigger(minutes),
                          args=[key, source], id=job_id, replace_existing=True,
                          misfire_grace_time=minutes * 60 // 2, coalesce=True, max_instances=1)
        ids.append(job_id)
    return ids


def remove_crm_jobs(key: str) -> None:
    _JOBS.pop(key, None)
    if not _JOBS:
        _STOPPED.clear()


async def crm_sync_job(key: str, source: SourceName) -> None:
    job = _JOBS.get(key)
    if job is not None:
        await job.run(source)


def short_reason(error: CrmAuthError) -> str:
    """The refusal for an admin: the variable and what to do, without the CRM's JSON body."""
    scope = error.detail.split(":", 1)[0] if error.detail.startswith("the private app") else ""
    return str(CrmAuthError(error.variable, scope))


class CrmSyncJob:
    def __init__(self, posting: Posting) -> None:
        self.posting = posting
        self.stopped: set[str] = set()

    async def run(self, source: SourceName) -> SyncReport | None:
        """One slot's run of a source, if this replica claims it; the report when it ran."""
        if source in self.stopped:
            return None
        p = self.posting
        slot = slot_of(p.now(), p.settings.crm_sync_minutes)
        if not await p.store.run(crm.claim_slot, source=source, slot=slot,
                                 claimed_by=p.claimed_by):
            state = await p.store.run(crm.sync_state, source=source)
            if state.auth_error:
                _STOPPED[source] = state.auth_error
            else:
                _STOPPED.pop(source, None)
            return None
        try:
            report = await asyncio.to_thread(self._sync, source)
        except CrmAuthError as exc:
            await self._stop(source, exc)
            return None
        except CrmError as exc:
            logger.warning("%s sync failed: %s", source, exc)
            await asyncio.to_thread(self._note, source, exc, auth=False)
            return None
        except Exception:  # the bot keeps serving; the next slot tries again
            logger.exception("%s sync failed", source)
            return None
        _STOPPED.pop(source, None)
        logger.info("%s sync: %d records read, %d rows changed, %d owners unmatched, "
                    "%d errors", source, report.records_read, report.rows_changed,
                    len(report.unmatched), report.error_count)
        new = await p.store.run(crm.newly_unmatched, source=source, owners=report.unmatched)
        if new:  # each owner once; `kpibot sync` lists them all, every run
            await self._tell_admins("crmsync.dm_unmatched", source=NAMES[source],
                                    owners=", ".join(new))
        return report

    def _sync(self, source: SourceName) -> SyncReport:
        from slack_sdk import WebClient

        from bot.crm.sources import open_reader
        from bot.ingest.users import UserDirectory
        from bot.services.crm_sync import sync_source

        p = self.posting
        zone = ZoneInfo(p.store.run_sync(imports.default_timezone))
        # the bot's own Web API client's token and address, in a synchronous client: the
        # readers and the e-mail lookups run in this worker thread
        client = WebClient(token=p.client.token, base_url=p.client.base_url)
        reader = open_reader(source, p.settings, tz=zone)
        return sync_source(p.store, reader, UserDirectory(p.store, client), source=source,
                           now=p.now())

    def _note(self, source: SourceName, error: CrmError | str, *, auth: bool) -> bool:
        from bot.services.crm_sync import note_failure

        return note_failure(self.posting.store, source=source, error=error,
                            now=self.posting.now(), auth=auth, tell=auth)

    async def _stop(self, source: SourceName, error: CrmAuthError) -> None:
        self.stopped.add(source)
        logger.error("%s sync stopped: %s", source, error)
        short = short_reason(error)
        _STOPPED[source] = short
        if await asyncio.to_thread(self._note, source, short, auth=True):
            await self._tell_admins("crmsync.dm_auth", source=NAMES[source], error=short)

    async def _tell_admins(self, key: str, **params: object) -> None:
        p = self.posting
        admins = list(p.settings.kpi_admin_ids)
        if not admins:
            logger.warning("no KPI_ADMIN_IDS to tell: %s", key)
            return
        known = await p.store.run(people.people, user_ids=admins)
        for admin in admins:
            tr = Translator(known[admin].locale if admin in known else None)
            try:
                await p.post_client.chat_postMessage(channel=admin, text=tr.t(key, **params))
            except Exception as exc:
                logger.warning("could not tell admin %s about the CRM sync: %s", admin,
                               slack_error(exc))
