"""The terminal renderer: Block Kit and mrkdwn as readable text, buttons numbered."""

from __future__ import annotations

from bot.blocks.text import actions, button, context, divider, header, section
from bot.console.render import (
    Style,
    emojize,
    mrkdwn,
    render_blocks,
    render_message,
    render_view,
    strip_ansi,
    wrap,
)

ANSI = Style(ansi=True)


def test_bold_is_plain_text_without_a_terminal_and_ansi_bold_on_one() -> None:
    assert mrkdwn("*Calls*   *25* of 275") == "Calls   25 of 275"
    assert mrkdwn("*Calls*", ANSI) == "\x1b[1mCalls\x1b[0m"


def test_underscores_inside_words_and_lone_asterisks_stay() -> None:
    assert mrkdwn("meetings_booked and 5 * 3") == "meetings_booked and 5 * 3"
    assert mrkdwn("_only_ you") == "only you"


def test_slack_escapes_are_undone_after_links_are_read() -> None:
    text = "a &lt;b&gt; &amp; <https://example.com|the site> <@U0SDR1> <#C0TEAM|sales> <!here>"
    assert mrkdwn(text) == "a <b> & the site (https://example.com) @U0SDR1 #sales @here"


def test_a_bare_link_shows_its_address() -> None:
    assert mrkdwn("see <https://example.com>") == "see https://example.com"


def test_code_keeps_its_backticks_and_is_not_formatted() -> None:
    assert mrkdwn("Try `/kpi log *5* calls`.") == "Try `/kpi log *5* calls`."
    assert mrkdwn("*`/mykpis [today|week]`*") == "`/mykpis [today|week]`"
    assert strip_ansi(mrkdwn("`/kpi undo`", ANSI)) == "/kpi undo"


def test_emoji_codes_become_unicode_and_unknown_ones_stay() -> None:
    text = (":white_check_mark: :warning: :large_green_circle: :large_orange_circle: "
            ":large_blue_circle: :leftwards_arrow_with_hook: :not_an_emoji: 10:30:00")
    assert emojize(text) == "✅ ⚠️ 🟢 🟠 🔵 ↩️ :not_an_emoji: 10:30:00"
    assert emojize(":+1::skin-tone-3:") == "👍"


def test_quotes_get_a_bar() -> None:
    assert mrkdwn("&gt; quoted\nplain") == "│ quoted\nplain"


def test_a_message_with_header_sections_context_and_numbered_buttons() -> None:
    blocks = [
        header("Your KPIs · Week 48"),
        section(":white_check_mark: Logged for today: Calls *5*."),
        context("Made a mistake? `/kpi undo` removes your last entry."),
        divider(),
        actions(button("This week", action_id="scorecard_period:week", value="week",
                       style="primary"),
                button("Last week", action_id="scorecard_period:last week", value="last week")),
    ]
    out = render_blocks(blocks)
    assert out.lines == [
        "Your KPIs · Week 48",
        "─────────────────────",
        "✅ Logged for today: Calls 5.",
        "Made a mistake? `/kpi undo` removes your last entry.",
        "────────────────────────────────────────",
        "[1] This week   [2] Last week",
    ]
    assert [b.number for b in out.buttons] == [1, 2]
    assert out.buttons[1].label == "Last week"
    assert out.buttons[1].action["action_id"] == "scorecard_period:last week"
    assert out.buttons[1].action["value"] == "last week"


def test_button_numbers_continue_from_the_given_number_and_carry_the_block_id() -> None:
    block = actions(button("Log", action_id="open_log_modal"), block_id="b1")
    out = render_blocks([block], first_button=4)
    assert out.lines == ["[4] Log"]
    assert out.buttons[0].action == {"action_id": "open_log_modal", "block_id": "b1",
                                     "type": "button",
                                     "text": {"type": "plain_text", "text": "Log",
                                              "emoji": True}}


def test_many_buttons_wrap_to_the_width() -> None:
    many = actions(*(button(f"Button number {n}", action_id=f"b{n}") for n in range(8)))
    out = render_blocks([many], style=Style(width=60))
    assert len(out.lines) > 1
    assert all(len(line) <= 60 for line in out.lines)
    assert len(out.buttons) == 8


def test_section_fields_sit_in_two_columns_and_an_accessory_button_is_numbered() -> None:
    block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Quality and conversion*"},
        "fields": [{"type": "mrkdwn", "text": "*Connect rate*\n21%"},
                   {"type": "mrkdwn", "text": "*Lead quality*\n56%"},
                   {"type": "plain_text", "text": "Show rate"}],
        "accessory": {"type": "button", "action_id": "more",
                      "text": {"type": "plain_text", "text": "More"}},
    }
    out = render_blocks([block])
    assert out.lines[0] == "Quality and conversion"
    assert out.lines[1].startswith("Connect rate") and out.lines[1].endswith("Lead quality")
    assert out.lines[2].startswith("21%") and out.lines[2].endswith("56%")
    assert out.lines[1].index("Lead quality") == out.lines[2].index("56%")
    assert out.lines[3] == "Show rate   [1] More"
    assert out.buttons[0].action["action_id"] == "more"


def test_image_and_input_and_unknown_blocks_are_described() -> None:
    out = render_blocks([
        {"type": "image", "image_url": "https://x/chart.png", "alt_text": "weekly chart",
         "title": {"type": "plain_text", "text": "Week 47"}},
        {"type": "input", "label": {"type": "plain_text", "text": "Calls"}, "optional": True,
         "element": {"type": "number_input", "is_decimal_allowed": False,
                     "initial_value": "5"}},
        {"type": "mystery"},
    ])
    assert out.lines == ["🖼  Week 47 (weekly chart)  https://x/chart.png",
                         "▸ Calls (optional): 5", "[mystery block]"]


def test_ansi_is_used_only_when_asked() -> None:
    blocks = [header("Title"), context("small print"),
              actions(button("Go", action_id="go", style="primary"))]
    plain = render_blocks(blocks).text
    painted = render_blocks(blocks, style=ANSI).text
    assert "\x1b[" not in plain
    assert "\x1b[1m" in painted and "\x1b[2m" in painted
    assert strip_ansi(painted) == plain


def test_a_message_without_blocks_shows_its_text_and_attachments() -> None:
    out = render_message({"text": "Hello *there*",
                          "attachments": [{"title": "Note", "text": "inside",
                                           "blocks": [actions(button("Ok", action_id="ok"))]}]},
                         first_button=3)
    assert out.lines == ["Hello there", "▍ Note", "▍ [3] Ok"]
    assert out.buttons[0].number == 3


def test_blocks_win_over_the_fallback_text() -> None:
    out = render_message({"text": "fallback", "blocks": [section("the real thing")]})
    assert out.lines == ["the real thing"]


def test_a_view_can_leave_its_inputs_to_the_prompts() -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Log activity"},
            "blocks": [context("Fill in what you did."),
                       {"type": "input", "block_id": "x",
                        "label": {"type": "plain_text", "text": "Calls"},
                        "element": {"type": "number_input", "is_decimal_allowed": False}}]}
    assert render_view(view, inputs=False).lines == ["Fill in what you did."]
    assert render_view(view).lines[-1] == "▸ Calls: …"


def test_rich_text_reads_as_text() -> None:
    block = {"type": "rich_text", "elements": [
        {"type": "rich_text_section", "elements": [
            {"type": "text", "text": "Hi "}, {"type": "user", "user_id": "U1"},
            {"type": "emoji", "name": "tada"}]},
        {"type": "rich_text_list", "style": "bullet", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}]}]}
    assert render_blocks([block]).lines == ["Hi @U1🎉", "• one"]


def test_only_slacks_three_escapes_are_undone_and_odd_text_is_safe() -> None:
    assert mrkdwn("&amp;lt; &copy; 5 &gt; 3") == "&lt; &copy; 5 > 3"
    assert mrkdwn("a\x00b \x007\x00") == "a\x00b \x007\x00"
    assert mrkdwn("`x` \x009\x00") == "`x` \x009\x00"


def test_long_lines_wrap_at_spaces_counting_only_what_shows() -> None:
    line = "Removed your last entry, for Nov 27, 2026: " + ", ".join(["Calls 16"] * 12)
    parts = wrap(line, 40)
    assert len(parts) > 2 and all(len(p) <= 40 for p in parts)
    assert " ".join(parts) == line
    painted = ANSI.paint("bold words", "bold") + " and more"
    assert wrap(painted, 19) == [painted]
