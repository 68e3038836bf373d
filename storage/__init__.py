"""Persistence: SQLModel tables, engine set-up, Alembic migrations and query functions."""
