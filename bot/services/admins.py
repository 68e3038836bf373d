"""Who the admins are, said wherever someone meets a door only an admin opens.

Only KPI_ADMIN_IDS makes the first manager: on a fresh install start-up warns when it is empty,
and every manager refusal names the setting and the admins to ask.
"""

from __future__ import annotations

from bot.config import Settings
from bot.i18n import Translator

NO_ADMINS_WARNING = (
    "KPI_ADMIN_IDS is empty: nobody can set targets, teams or settings. Put your Slack member "
    "ID in it (in Slack: your profile, ⋮ More, Copy member ID) and restart the bot.")


def admin_mentions(settings: Settings) -> str:
    return ", ".join(f"<@{user_id}>" for user_id in settings.kpi_admin_ids)


def ask_an_admin(settings: Settings, tr: Translator) -> str:
    """Who can grant a manager's rights, or that nobody can until KPI_ADMIN_IDS is set."""
    if settings.kpi_admin_ids:
        return tr.t("admins.ask", admins=admin_mentions(settings))
    return tr.t("admins.none")


def manager_refusal(settings: Settings, tr: Translator, key: str) -> str:
    """The refusal under `key`, followed by whom to ask."""
    return f"{tr.t(key)} {ask_an_admin(settings, tr)}"
