"""The modal shown when a submission or a button in a modal failed on our side."""

from __future__ import annotations

from bot.blocks.text import Block, plain, section
from bot.i18n import Translator

ERROR_MODAL = "error_modal"


def build_error_modal(*, text: str, tr: Translator) -> Block:
    return {
        "type": "modal",
        "callback_id": ERROR_MODAL,
        "title": plain(tr.t("error.title"), 24),
        "close": plain(tr.t("error.close"), 24),
        "blocks": [section(text)],
    }
