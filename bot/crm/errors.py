"""Failures a CRM read reports to its caller, each with one line to show an admin."""

from __future__ import annotations


class CrmError(Exception):
    """A CRM read failed; str() is one line for an admin."""


class CrmAuthError(CrmError):
    """The CRM refused the credentials: expired, revoked or wrong. Names the variable to fix."""

    def __init__(self, variable: str, detail: str = "") -> None:
        self.variable = variable
        self.detail = detail
        message = f"{variable} was refused by the CRM (expired, revoked or wrong); set a valid one"
        super().__init__(f"{message}: {detail}" if detail else message)


class CrmRateLimitError(CrmError):
    """The CRM kept answering "too many requests" beyond the wait we allow."""


class CrmMappingError(CrmError):
    """A mapping file is missing, unreadable or invalid."""
