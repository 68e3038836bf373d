"""The console in this process: commands, buttons, users, modals and mistakes."""

from __future__ import annotations

import io
from pathlib import Path

from bot.config import Settings
from bot.console.local_slack import Call
from bot.console.render import Style
from bot.console.repl import run_console
from bot.console.screen import Screen
from tests.console.conftest import RunConsole


async def test_a_piped_session_prints_each_answer_after_its_command(run_lines: RunConsole
                                                                    ) -> None:
    code, out = await run_lines(["/kpi log 5 calls", "/mykpis"])
    assert code == 0
    assert "You are U0SDR1." in out
    logged = out.index("U0SDR1> /kpi log 5 calls")
    answer = out.index("Logged for today: Calls 5.")
    card = out.index("U0SDR1> /mykpis")
    assert logged < answer < card < out.index("Your KPIs · Week")
    assert "Calls   5" in out[card:]
    assert "\x1b[" not in out  # no colours into a pipe


async def test_buttons_are_pressed_by_number(run_lines: RunConsole) -> None:
    code, out = await run_lines(["/kpi log 5 calls yesterday", "/mykpis", ":click 3", "2"])
    assert code == 0
    after_click = out[out.index("U0SDR1> :click 3"):]
    assert "kpibot · only visible to you · (updated)" in after_click
    last_week = after_click[:after_click.index("U0SDR1> 2")]
    this_week = after_click[after_click.index("U0SDR1> 2"):]
    assert "[3] Last week" in last_week
    assert "(updated)" in this_week
    week = int(this_week.split("Week ")[1].split(" ")[0])
    assert f"Week {week - 1} " in last_week or week == 1


async def test_a_modal_is_filled_at_prompts_and_its_confirmation_comes_before_the_next_prompt(
        run_lines: RunConsole) -> None:
    code, out = await run_lines(["/kpi log", "", "-3", "", "", "", "", "", "", "", "", "", "",
                                 "", "7", "/mykpis"])
    assert code == 0
    assert "Modal: Log activity" in out
    assert "✗ Calls: Cannot be negative." in out
    reprompt = out.index("✗ Calls")
    assert "Calls (optional): 7" in out[reprompt:]
    confirmed = out.index("Logged for today: Calls 7.")
    assert reprompt < confirmed < out.index("U0SDR1> /mykpis")
    assert "Calls   7" in out[out.index("U0SDR1> /mykpis"):]


async def test_cancel_leaves_the_modal_and_stores_nothing(run_lines: RunConsole) -> None:
    code, out = await run_lines(["/kpi log", "", ":cancel", "/mykpis"])
    assert code == 0
    assert "Modal closed; nothing was submitted." in out
    assert "Nothing logged for this week yet" in out


async def test_the_end_of_input_inside_a_modal_ends_the_console(run_lines: RunConsole) -> None:
    code, out = await run_lines(["/kpi log", ""])
    assert code == 0
    assert out.rstrip().endswith("Modal closed; nothing was submitted.")


async def test_switching_users(run_lines: RunConsole) -> None:
    code, out = await run_lines([":as u0new2", "/kpi log 3 calls", ":as", ":as Maya", ":quit",
                                 "/mykpis"])
    assert code == 0
    assert "You are now U0NEW2." in out
    assert "U0NEW2> /kpi log 3 calls" in out and "Calls 3" in out
    assert "You are U0NEW2." in out
    assert "Maya is not a Slack user ID" in out
    assert "U0NEW2> /mykpis" not in out  # :quit stopped before it


async def test_help_and_every_kind_of_mistake_get_an_answer(run_lines: RunConsole) -> None:
    code, out = await run_lines([":help", "hello", ":click 9", ":click", ":nope", "/nope",
                                 ":cancel"])
    assert code == 0
    assert ":as USER" in out and ":cancel" in out
    assert "Type a slash command such as /mykpis" in out
    assert "There is no button [9]: no buttons are on screen." in out
    assert "Say which button: :click 1" in out
    assert "There is no console command :nope." in out
    assert "kpibot has no /nope command." in out
    assert "No modal is open." in out


async def test_a_bad_user_id_stops_before_anything_starts(settings: Settings) -> None:
    stdout = io.StringIO()
    code = await run_console(settings, as_user="not a user", demo=False,
                             stdin=io.StringIO(""), stdout=stdout)
    assert code == 2 and stdout.getvalue() == ""


async def test_the_demo_uses_its_own_database_with_a_team_and_targets(
        settings: Settings, tmp_path: Path) -> None:
    users_db = tmp_path / "users-own.db"
    configured = settings.model_copy(update={"database_url": f"sqlite:///{users_db}"})
    stdout = io.StringIO()
    code = await run_console(configured, as_user="U0SDR2", demo=True,
                             stdin=io.StringIO("/mykpis last week\n"), stdout=stdout)
    out = stdout.getvalue()
    assert code == 0
    assert not users_db.exists()
    assert "You are U0SDR2 (Jonas Berg)." in out
    for demo_user in ("U0SDR1 Maya Patel", "U0SDR8", "U0MGR1 Dana Whitfield"):
        assert demo_user in out.replace("\n", " ")
    card = out[out.index("U0SDR2> /mykpis last week"):]
    assert "Calls" in card and "of 275" in card and "Connect rate" in card


def _screen() -> tuple[Screen, io.StringIO]:
    out = io.StringIO()
    return Screen(out, Style(), "U0SDR1"), out


def test_every_kind_of_post_gets_a_title_that_says_where_it_went() -> None:
    screen, out = _screen()
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Hi*"}}]
    screen.show_call(Call("chat.postMessage", {"channel": "C0TEAM", "blocks": blocks}))
    screen.show_call(Call("chat.postMessage", {"channel": "D0SDR1", "text": "psst"}))
    screen.show_call(Call("chat.postEphemeral", {"channel": "C0TEAM", "user": "U0SDR2",
                                                  "text": "just you"}))
    screen.show_call(Call("response_url", {"replace_original": True, "text": "new"}))
    screen.show_call(Call("response_url", {"delete_original": True}))
    home = {"type": "home", "blocks": [{"type": "actions", "elements": [{
        "type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}]}]}
    screen.show_call(Call("views.publish", {"user_id": "U0SDR1", "view": home}))
    screen.show_call(Call("upload", {"bytes": b"12345"}, target="F1"))
    screen.show_call(Call("files.completeUploadExternal", {
        "channel_id": "C0TEAM", "files": [{"id": "F1", "title": "chart.png"}],
        "initial_comment": "Week 47"}))
    screen.show_call(Call("users.info", {"user": "U0SDR1"}))
    screen.show_call(Call("reactions.add", {"name": "tada"}))
    text = out.getvalue()
    assert "kpibot in #C0TEAM  (chat.postMessage)\n│ Hi\n" in text
    assert "kpibot → direct message to you  (chat.postMessage)\n│ psst\n" in text
    assert "kpibot · only visible to U0SDR2 in #C0TEAM" in text
    assert "kpibot · only visible to you · (updated)  (response_url)\n│ new\n" in text
    assert "kpibot deleted the message." in text
    assert "· Your App Home tab was refreshed (:home shows it)" in text
    assert "kpibot shared chart.png (5 bytes) in #C0TEAM" in text and "│ Week 47" in text
    assert "users.info" not in text
    assert "· kpibot called reactions.add" in text
    assert screen.buttons == []
    screen.home_opened = True
    screen.show_call(Call("views.publish", {"user_id": "U0SDR1", "view": home}))
    assert "Your App Home  (views.publish)\n│ [1] Go\n" in out.getvalue()
    assert screen.buttons[0].view == home and screen.buttons[0].button.label == "Go"


async def test_home_shows_the_app_home_tab_with_its_buttons(run_lines: RunConsole) -> None:
    code, out = await run_lines([":as U0SDR1", ":home", "1"])
    assert code == 0
    home = out[out.index("U0SDR1> :home"):out.index("U0SDR1> 1")]
    assert "Your App Home  (views.publish)" in home and "[1] " in home
    assert "U0SDR1> 1\nThere is no button" not in out


async def test_a_manager_sets_targets_and_the_confirmation_closes_without_submitting(
        run_lines: RunConsole) -> None:
    # Team default, weekly, from the default date, no start date; calls 220, the rest left
    # as pre-filled.
    fields = ["", "1", "", "", ""] + ["220"] + [""] * 9
    code, out = await run_lines(["/kpi targets", *fields, "/kpi team"], user="U0MGR1",
                                demo=True)
    assert code == 0
    assert "Saved" in out and "SDRs told about their new targets" in out
    assert "HTTP 404" not in out and "failed" not in out
    assert "• Calls: 220" in out  # an SDR's DM
    assert "U0MGR1> /kpi team" in out  # the console went on after the confirmation


async def test_picking_an_sdr_in_the_targets_modal_redraws_it_for_them(
        run_lines: RunConsole) -> None:
    # Demo SDR U0SDR1 has their own weekly calls target (275); picking them shows it.
    fields = ["U0SDR1"] + [""] * 14
    code, out = await run_lines(["/kpi targets", *fields], user="U0MGR1", demo=True)
    assert code == 0
    assert "the form was updated for that choice" in out
    assert "Saved 0 target changes" in out  # nothing changed, nothing stored, nobody told
