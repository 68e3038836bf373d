"""Block Kit and Slack messages as readable terminal text. Pure functions, no I/O.

Buttons get numbers (`[1] This week`) so the console can press them with `:click 1`; the
numbers run on across everything rendered for one command, so they never repeat on screen.
ANSI styling is opt-in (the console turns it on only for a terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Block = Mapping[str, Any]

# The codes this bot and Slack's own texts use most; unknown codes are left as typed.
EMOJI: dict[str, str] = {
    "white_check_mark": "✅", "heavy_check_mark": "✔️", "ballot_box_with_check": "☑️",
    "x": "❌", "warning": "⚠️", "no_entry": "⛔", "no_entry_sign": "🚫",
    "information_source": "ℹ️", "question": "❓", "exclamation": "❗", "bulb": "💡",
    "large_green_circle": "🟢", "large_orange_circle": "🟠", "large_blue_circle": "🔵",
    "large_yellow_circle": "🟡", "large_purple_circle": "🟣", "red_circle": "🔴",
    "white_circle": "⚪", "black_circle": "⚫",
    "leftwards_arrow_with_hook": "↩️", "arrow_right": "➡️", "arrow_left": "⬅️",
    "arrow_up": "⬆️", "arrow_down": "⬇️", "arrow_upper_right": "↗️", "arrow_lower_right": "↘️",
    "arrows_counterclockwise": "🔄", "repeat": "🔁", "small_red_triangle": "🔺",
    "small_red_triangle_down": "🔻", "heavy_plus_sign": "➕", "heavy_minus_sign": "➖",
    "chart_with_upwards_trend": "📈", "chart_with_downwards_trend": "📉", "bar_chart": "📊",
    "dart": "🎯", "trophy": "🏆", "medal": "🏅", "sports_medal": "🏅",
    "first_place_medal": "🥇", "second_place_medal": "🥈", "third_place_medal": "🥉",
    "tada": "🎉", "sparkles": "✨", "star": "⭐", "star2": "🌟", "fire": "🔥", "rocket": "🚀",
    "muscle": "💪", "clap": "👏", "+1": "👍", "thumbsup": "👍", "-1": "👎", "thumbsdown": "👎",
    "wave": "👋", "eyes": "👀", "raised_hands": "🙌", "pray": "🙏", "handshake": "🤝",
    "telephone_receiver": "📞", "phone": "☎️", "email": "📧", "e-mail": "📧",
    "envelope": "✉️", "incoming_envelope": "📨", "speech_balloon": "💬",
    "calendar": "📆", "date": "📅", "spiral_calendar_pad": "🗓️", "clock": "🕐",
    "alarm_clock": "⏰", "hourglass": "⌛", "hourglass_flowing_sand": "⏳", "stopwatch": "⏱️",
    "memo": "📝", "pencil": "📝", "pencil2": "✏️", "clipboard": "📋", "page_facing_up": "📄",
    "inbox_tray": "📥", "outbox_tray": "📤", "file_folder": "📁", "link": "🔗", "mag": "🔍",
    "moneybag": "💰", "dollar": "💵", "euro": "💶", "money_with_wings": "💸",
    "briefcase": "💼", "bust_in_silhouette": "👤", "busts_in_silhouette": "👥",
    "gear": "⚙️", "lock": "🔒", "key": "🔑", "bell": "🔔", "no_bell": "🔕",
    "seedling": "🌱", "palm_tree": "🌴", "zzz": "💤", "robot_face": "🤖",
    "construction": "🚧", "crystal_ball": "🔮", "checkered_flag": "🏁", "mega": "📣",
    "loudspeaker": "📢", "point_right": "👉", "point_up": "☝️", "thinking_face": "🤔",
    "slightly_smiling_face": "🙂", "smile": "😄", "wink": "😉",
}
_EMOJI_CODE = re.compile(r":([a-z0-9_+\-']+):")
_SKIN_TONE = re.compile(r":skin-tone-[2-6]:")

_ANSI = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "strike": "9",
         "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


@dataclass(frozen=True)
class Style:
    """How to decorate text: ANSI escape codes on a terminal, nothing anywhere else."""

    ansi: bool = False
    width: int = 100

    def paint(self, text: str, *styles: str) -> str:
        if not self.ansi or not text or not styles:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


PLAIN = Style()


@dataclass(frozen=True)
class Button:
    """A numbered button: the element as Slack would report it when clicked."""

    number: int
    label: str
    action: dict[str, Any]  # action_id, value, text, type, and the enclosing block's block_id


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def extend(self, other: Rendered) -> None:
        self.lines.extend(other.lines)
        self.buttons.extend(other.buttons)


# --- text ---------------------------------------------------------------------------------


def emojize(text: str) -> str:
    """:white_check_mark: -> ✅ for the codes we know; skin tones dropped."""
    text = _SKIN_TONE.sub("", text)
    return _EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def _link(inner: str, style: Style) -> str:
    """One <...> token of Slack's markup, as a reader would see it."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return style.paint("@" + (label or target[1:]), "bold")
    if target.startswith("#"):
        return style.paint("#" + (label or target[1:]), "bold")
    if target.startswith("!"):
        command = target[1:].split("^")[0]
        if command == "date":
            return label or _date_token(target)
        if command == "subteam":
            return label or "@group"
        return label or "@" + command  # here, channel, everyone
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    shown = unescape(label) if label else ""
    if not shown or shown == target:
        return style.paint(target, "underline")
    return f"{style.paint(shown, 'underline')} ({target})"


def _date_token(target: str) -> str:
    parts = target.split("^")
    try:
        return datetime.fromtimestamp(int(parts[1]), UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (IndexError, ValueError, OverflowError):
        return target


_CODE_BLOCK = re.compile(r"```(.*?)```", re.DOTALL)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"<([^<>\n]+)>")
_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_HELD = re.compile(r"\x00(\d+)\x00")
_STRIKE = re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])")


def mrkdwn(text: str, style: Style = PLAIN) -> str:
    """Slack mrkdwn as terminal text: *bold*, _italic_, ~strike~, `code`, links, mentions,
    quotes, emoji codes and the &lt; &gt; &amp; escapes."""
    held: list[str] = []

    def hold(rendered: str) -> str:
        held.append(rendered)
        return f"\x00{len(held) - 1}\x00"

    # Code is taken out first: Slack formats nothing inside it.
    text = _CODE_BLOCK.sub(lambda m: hold(unescape(m.group(1).strip("\n"))), text)
    text = _CODE_SPAN.sub(
        lambda m: hold(style.paint(unescape(m.group(1)), "cyan") if style.ansi
                       else "`" + unescape(m.group(1)) + "`"), text)
    text = _LINK.sub(lambda m: hold(_link(m.group(1), style)), text)
    text = _BOLD.sub(lambda m: style.paint(m.group(1), "bold"), text)
    text = _ITALIC.sub(lambda m: style.paint(m.group(1), "italic"), text)
    text = _STRIKE.sub(lambda m: style.paint(m.group(1), "strike") if style.ansi
                       else m.group(0), text)
    text = unescape(emojize(text))
    text = "\n".join("│ " + line[1:].lstrip() if line.startswith(">") else line
                     for line in text.split("\n"))
    # Held pieces may sit inside others (code inside a bold span): restore until none is left.
    for _ in range(len(held)):
        restored = _HELD.sub(lambda m: held[int(m.group(1))] if int(m.group(1)) < len(held)
                             else m.group(0), text)
        if restored == text:
            break
        text = restored
    return text


def unescape(text: str) -> str:
    """Undo Slack's three escapes, &amp; last so `&amp;lt;` stays `&lt;`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str) -> str:
    """plain_text as Slack shows it: emoji codes only (Slack does not escape plain text)."""
    return emojize(text)


def text_object(obj: Any, style: Style = PLAIN) -> str:
    """A Block Kit text object (plain_text or mrkdwn), or a bare string, as terminal text."""
    if isinstance(obj, str):
        return mrkdwn(obj, style)
    if not isinstance(obj, Mapping):
        return ""
    raw = str(obj.get("text", ""))
    return mrkdwn(raw, style) if obj.get("type") == "mrkdwn" else plain(raw)


# --- blocks -------------------------------------------------------------------------------


class _Numbering:
    def __init__(self, first: int) -> None:
        self.next = first


def _button(element: Block, block: Block, numbering: _Numbering, style: Style,
            out: Rendered) -> str:
    label = text_object(element.get("text"), style)
    action = {k: element[k] for k in ("action_id", "value", "text", "type", "url")
              if k in element}
    if "block_id" in block:
        action["block_id"] = block["block_id"]
    button = Button(numbering.next, label, action)
    numbering.next += 1
    out.buttons.append(button)
    shown = style.paint(label, "bold") if element.get("style") == "primary" else label
    if element.get("style") == "danger":
        shown = style.paint(label, "red")
    return f"{style.paint(f'[{button.number}]', 'cyan', 'bold')} {shown}"


def _option_text(option: Any, style: Style) -> str:
    return text_object(option.get("text"), style) if isinstance(option, Mapping) else ""


def _element(element: Block, block: Block, numbering: _Numbering, style: Style,
             out: Rendered) -> str:
    """One interactive or media element, inline."""
    kind = element.get("type")
    if kind == "button":
        return _button(element, block, numbering, style, out)
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind in ("plain_text", "mrkdwn"):
        return text_object(element, style)
    if kind == "overflow":
        options = ", ".join(_option_text(o, style) for o in element.get("options", []))
        return f"(⋯ menu: {options})"
    if kind == "datepicker":
        return f"(date: {element.get('initial_date') or 'pick one'})"
    placeholder = text_object(element.get("placeholder"), style)
    initial = element.get("initial_option")
    current = _option_text(initial, style) if initial else placeholder
    return f"({str(kind).replace('_', ' ')}: {current or '…'})" if kind else ""


def _wrap_items(items: list[str], width: int, gap: str = "   ") -> list[str]:
    """Inline items (buttons) on as few lines as fit the width."""
    lines: list[str] = []
    current = ""
    for item in items:
        visible = len(strip_ansi(current)) + len(gap) + len(strip_ansi(item))
        if current and visible > width:
            lines.append(current)
            current = item
        else:
            current = f"{current}{gap}{item}" if current else item
    if current:
        lines.append(current)
    return lines


_ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return _ANSI_CODE.sub("", text)


def wrap(line: str, width: int) -> list[str]:
    """A long line broken at spaces to fit `width` visible characters (ANSI codes take none)."""
    if len(strip_ansi(line)) <= width:
        return [line]
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(strip_ansi(candidate)) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _columns(fields: list[str], width: int) -> list[str]:
    """Section fields in two columns, as Slack lays them out."""
    column = min(max((len(strip_ansi(line)) for f in fields[0::2] for line in f.split("\n")),
                     default=0) + 3, width // 2)
    lines: list[str] = []
    for index in range(0, len(fields), 2):
        left = fields[index].split("\n")
        right = fields[index + 1].split("\n") if index + 1 < len(fields) else []
        for row in range(max(len(left), len(right))):
            cell = left[row] if row < len(left) else ""
            pad = " " * max(1, column - len(strip_ansi(cell)))
            other = right[row] if row < len(right) else ""
            lines.append((cell + pad + other).rstrip() if other else cell)
    return lines


def _rich_inline(element: Mapping[str, Any], style: Style) -> str:
    kind = element.get("type")
    if kind == "text":
        marks = element.get("style") or {}
        styles = [s for s in ("bold", "italic", "strike") if marks.get(s)]
        return style.paint(str(element.get("text", "")), *styles)
    if kind == "link":
        return _link(f"{element.get('url', '')}|{element.get('text', '')}", style)
    if kind == "emoji":
        return EMOJI.get(str(element.get("name")), f":{element.get('name')}:")
    if kind == "user":
        return "@" + str(element.get("user_id", ""))
    if kind == "channel":
        return "#" + str(element.get("channel_id", ""))
    if kind == "rich_text_section":
        return _rich_text(element.get("elements", []), style)
    return ""


def _rich_text(elements: Iterable[Any], style: Style) -> str:
    parts: list[str] = []
    for element in elements:
        if not isinstance(element, Mapping):
            continue
        kind = element.get("type")
        if kind not in ("rich_text_list", "rich_text_quote", "rich_text_preformatted"):
            parts.append(_rich_inline(element, style))
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")  # a list, quote or code block starts on a line of its own
        inner = element.get("elements", [])
        if kind == "rich_text_list":
            items = [_rich_text(i.get("elements", []), style) for i in inner
                     if isinstance(i, Mapping)]
            parts.append("".join(f"• {item}\n" for item in items))
        elif kind == "rich_text_quote":
            parts.append("".join(f"│ {line}\n" for line in _rich_text(inner, style).split("\n")))
        else:
            parts.append(_rich_text(inner, style) + "\n")
    return "".join(parts)


def _input_line(block: Block, style: Style) -> str:
    label = text_object(block.get("label"), style)
    element = block.get("element") or {}
    initial = (element.get("initial_value") or element.get("initial_date")
               or _option_text(element.get("initial_option"), style) or "")
    optional = " (optional)" if block.get("optional") else ""
    return f"▸ {label}{optional}: {initial or '…'}"


def _block(block: Block, numbering: _Numbering, style: Style) -> Rendered:
    out = Rendered()
    kind = block.get("type")
    if kind == "header":
        title = text_object(block.get("text"), style)
        out.lines += [style.paint(title, "bold"), "─" * min(len(title) + 2, style.width)]
    elif kind == "section":
        if block.get("text"):
            out.lines += text_object(block["text"], style).split("\n")
        fields = [text_object(f, style) for f in block.get("fields") or []]
        if fields:
            out.lines += _columns(fields, style.width)
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping):
            shown = _element(accessory, block, numbering, style, out)
            if out.lines and len(strip_ansi(out.lines[-1] + shown)) + 3 <= style.width:
                out.lines[-1] = f"{out.lines[-1]}   {shown}"
            else:
                out.lines.append(shown)
    elif kind == "context":
        items = [_element(e, block, numbering, style, out) for e in block.get("elements", [])]
        text = "  ".join(i for i in items if i)
        out.lines += [style.paint(line, "dim") for line in text.split("\n")]
    elif kind == "actions":
        items = [_element(e, block, numbering, style, out) for e in block.get("elements", [])]
        out.lines += _wrap_items([i for i in items if i], style.width)
    elif kind == "divider":
        out.lines.append(style.paint("─" * min(40, style.width), "dim"))
    elif kind == "image":
        title = text_object(block.get("title"), style)
        alt = block.get("alt_text", "")
        url = block.get("image_url") or (block.get("slack_file") or {}).get("url") or ""
        shown = f"🖼  {title or alt or 'image'}"
        if title and alt and alt != title:
            shown += f" ({alt})"
        out.lines.append(shown + (style.paint(f"  {url}", "dim") if url else ""))
    elif kind == "input":
        out.lines.append(_input_line(block, style))
    elif kind == "rich_text":
        out.lines += _rich_text(block.get("elements", []), style).rstrip("\n").split("\n")
    elif kind == "markdown":
        out.lines += str(block.get("text", "")).split("\n")
    elif kind == "file":
        out.lines.append(f"📄 file {block.get('external_id') or block.get('file_id', '')}")
    elif kind == "video":
        out.lines.append(f"🎬 {text_object(block.get('title'), style)}  {block.get('video_url')}")
    else:
        out.lines.append(style.paint(f"[{kind} block]", "dim"))
    return out


def render_blocks(blocks: Iterable[Block], *, style: Style = PLAIN, first_button: int = 1
                  ) -> Rendered:
    """Blocks as lines of text, buttons numbered from `first_button`."""
    numbering = _Numbering(first_button)
    out = Rendered()
    for block in blocks:
        if isinstance(block, Mapping):
            out.extend(_block(block, numbering, style))
    return out


def render_message(message: Mapping[str, Any], *, style: Style = PLAIN, first_button: int = 1
                   ) -> Rendered:
    """A message (chat.postMessage arguments, an ack body, a response_url post).

    Slack shows the blocks when there are any; `text` is then only the notification.
    """
    blocks = message.get("blocks")
    out = Rendered()
    if isinstance(blocks, list) and blocks:
        out = render_blocks(blocks, style=style, first_button=first_button)
    elif message.get("text"):
        out.lines += mrkdwn(str(message["text"]), style).split("\n")
    next_button = first_button + len(out.buttons)
    for attachment in message.get("attachments") or []:
        if not isinstance(attachment, Mapping):
            continue
        inner = render_message({k: v for k, v in attachment.items() if k != "attachments"},
                               style=style, first_button=next_button)
        if attachment.get("title"):
            inner.lines.insert(0, style.paint(str(attachment["title"]), "bold"))
        if not inner.lines and attachment.get("fallback"):
            inner.lines.append(str(attachment["fallback"]))
        next_button += len(inner.buttons)
        inner.lines = [f"▍ {line}" for line in inner.lines]
        out.extend(inner)
    return out


def render_view(view: Mapping[str, Any], *, style: Style = PLAIN, first_button: int = 1,
                inputs: bool = True) -> Rendered:
    """A modal or App Home: its blocks; with `inputs` False the input blocks are left out
    (the console asks for those one by one)."""
    blocks = [b for b in view.get("blocks") or []
              if inputs or not (isinstance(b, Mapping) and b.get("type") == "input")]
    return render_blocks(blocks, style=style, first_button=first_button)


def view_title(view: Mapping[str, Any]) -> str:
    return text_object(view.get("title")) or str(view.get("callback_id") or "")
