"""Nobody can manage a fresh install until KPI_ADMIN_IDS names someone: every manager refusal
says whom to ask, or, with no admin set, which setting makes one."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from storage.db import Store
from storage.models import Person
from tests.managers.conftest import Org

SUBCOMMANDS = ("targets", "settings", "team")


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
async def test_a_refusal_names_the_admins_and_the_setting(harness: Harness, org: Org,
                                                          subcommand: str) -> None:
    answer = await harness.command(org.sdr_a, "/kpi", subcommand)
    assert answer is not None
    assert "<@U0ADMIN>" in answer["text"] and "KPI_ADMIN_IDS" in answer["text"]
    assert harness.slack.of("views.open") == []


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
async def test_with_no_admin_set_a_refusal_says_how_to_make_one(
        settings: Settings, store: Store, slack: LocalSlack, subcommand: str) -> None:
    fresh = Harness(Deps(settings.model_copy(update={"kpi_admin_ids": ()}), store), slack)
    answer = await fresh.command("U0FIRST", "/kpi", subcommand)
    assert answer is not None
    assert "No admin is set yet" in answer["text"] and "KPI_ADMIN_IDS" in answer["text"]
    assert "<@" not in answer["text"]


async def test_the_refusal_in_norwegian(harness: Harness, store: Store, org: Org) -> None:
    def norwegian(session: object) -> None:
        from sqlmodel import Session

        assert isinstance(session, Session)
        person = session.get(Person, org.sdr_a)
        assert person is not None
        person.locale = "nb-NO"
        session.add(person)
        session.commit()

    store.run_sync(norwegian)
    answer = await harness.command(org.sdr_a, "/kpi", "targets")
    assert answer is not None
    assert "Be en administrator (<@U0ADMIN>)" in answer["text"]
    assert "KPI_ADMIN_IDS" in answer["text"]
