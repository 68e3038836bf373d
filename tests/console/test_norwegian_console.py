"""The console in Norwegian: `kpibot console --locale nb-NO`, `:lang nb`, and the Norwegian
demo SDR."""

from __future__ import annotations

import io
from pathlib import Path

from bot.config import Settings
from bot.console.repl import run_console
from bot.services.demo_data import NORWEGIAN_DEMO_SDR, create_demo_data
from bot.services.profiles import stored_profiles
from storage.db import Store
from tests.conftest import NOW
from tests.console.conftest import RunConsole, run_kpibot


async def console(settings: Settings, database: str, lines: list[str], *, user: str = "U0SDR1",
                  demo: bool = False, locale: str | None = None) -> tuple[int, str]:
    configured = settings.model_copy(update={"database_url": database})
    stdout = io.StringIO()
    code = await run_console(configured, as_user=user, demo=demo, locale=locale,
                             stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
                             stdout=stdout)
    return code, stdout.getvalue()


async def test_locale_option_answers_in_norwegian(settings: Settings, console_db: str) -> None:
    code, out = await console(settings, console_db, [
        "/kpi log 12 oppringninger 3 møter booket", "/kpi help"], locale="nb-NO")
    assert code == 0
    assert "Registrert for i dag: Anrop 12, Bookede møter 3." in out, out
    assert "SDR KPI-boten: slik bruker du den" in out


async def test_lang_switches_language_and_says_which(run_lines: RunConsole) -> None:
    code, out = await run_lines(["/kpi log 2 calls", ":lang nb", "/kpi log 2 anrop", ":lang",
                                 ":lang fr", ":lang en", "/kpi log 1 calls"])
    assert code == 0
    after_nb = out[out.index("U0SDR1> /kpi log 2 anrop"):]
    assert "Logged for today" in out[:out.index(":lang nb")]
    assert "Registrert for i dag: Anrop 2." in after_nb
    assert "You now read Slack in nb-NO (norsk bokmål)." in out
    assert "You read Slack in nb-NO (norsk bokmål). Languages: en, nb." in out
    assert "There is no catalogue for fr. Languages: en, nb, as in :lang nb." in out
    assert "Logged for today" in out[out.index("U0SDR1> /kpi log 1 calls"):]


async def test_the_norwegian_demo_sdr_stays_norwegian(settings: Settings, tmp_path: Path
                                                      ) -> None:
    code, out = await console(settings, f"sqlite:///{tmp_path / 'unused.db'}",
                              ["/mykpis", "/mykpis måned"], user=NORWEGIAN_DEMO_SDR, demo=True)
    assert code == 0
    assert "reads Slack in Norwegian" in out.replace("\n", " ")
    first, second = out.split(f"{NORWEGIAN_DEMO_SDR}> /mykpis")[1:]
    assert "KPI-ene dine" in first and "Anrop" in first
    # the profile refresh after the first answer asked the LocalSlack, which agrees
    assert "KPI-ene dine · november 2026" in second


def test_demo_data_has_one_norwegian_sdr(store: Store) -> None:
    store.run_sync(create_demo_data, sdrs=8, weeks=2, today=NOW.date())
    found = {p.user_id: p.locale for p in store.run_sync(
        stored_profiles, user_ids=[f"U0SDR{n}" for n in range(1, 9)])}
    assert found.pop(NORWEGIAN_DEMO_SDR) == "nb-NO"
    assert set(found.values()) == {"en-US"}


def test_kpibot_console_locale_from_the_command_line(console_db: str, tmp_path: Path) -> None:
    done = run_kpibot(["console", "--locale", "nb-NO"], stdin="/kpi log 3 samtaler\n",
                      cwd=tmp_path, database_url=console_db)
    assert done.returncode == 0, done.stderr
    assert "Registrert for i dag: Samtaler 3." in done.stdout
    refused = run_kpibot(["console", "--locale", "xx-YY"], stdin="", cwd=tmp_path,
                         database_url=console_db)
    assert refused.returncode == 2 and "--locale xx-YY" in refused.stderr
    assert "Traceback" not in refused.stderr
