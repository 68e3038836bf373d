"""Expected faults of the database (a lock held too long, a full disk), for the listeners'
failure policy, which logs them in one line instead of a traceback."""

from __future__ import annotations

from storage.faults import expected_fault, failed_statement

__all__ = ["expected_fault", "failed_statement"]
