"""The session type every query and use case takes as its first parameter.

Services name it from here, so none of them imports SQLModel or SQLAlchemy: all SQL lives in
storage/ (a guard test checks it, tests/test_architecture.py)."""

from __future__ import annotations

from sqlmodel import Session

__all__ = ["Session"]
