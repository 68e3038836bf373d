"""Every table, in one place. Timestamps are timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=nullable)


# A new team's currency, and the one money is logged in for a user in no team while no default
# team exists (a database the bot has not started on yet).
DEFAULT_CURRENCY = "USD"


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    is_default: bool = Field(default=False)
    channel_id: str | None = Field(default=None, max_length=32)
    timezone: str = Field(default="UTC", max_length=64)
    currency: str = Field(default=DEFAULT_CURRENCY, max_length=3)
    workdays: str = Field(default="0,1,2,3,4", max_length=16)  # date.weekday() numbers
    scorecard_weekday: int = Field(default=0)  # Monday
    scorecard_time: str = Field(default="09:00", max_length=5)
    nudge_schedule: str = Field(default="2@14:00,4@10:00", max_length=64)  # weekday@HH:MM
    stretch_pct: int = Field(default=10)
    # A nudge needs an SDR behind pace by at least this share of expected-to-date (and by a
    # whole unit of a count): nobody is nudged 0.2 calls behind.
    nudge_behind_pct: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    leaderboard_size: int = Field(default=5)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    motion: str = Field(default="outbound", max_length=16)  # which benchmarks: outbound, ...
    stale_days: int = Field(default=3)  # working days without a log before an SDR is stale


class TeamCurrency(SQLModel, table=True):
    """From `since`, the team counts money in `currency` (SPEC: a past period is judged with
    the currency in force then). `Team.currency` is the one in force now; a team's first row
    reaches back before its date."""

    __tablename__ = "team_currency"

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    currency: str = Field(max_length=3)
    since: date
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=_ts())

    __table_args__ = (Index("ix_team_currency_team_since", "team_id", "since"),)


class Person(SQLModel, table=True):
    """A Slack user the bot knows, whatever their role."""

    user_id: str = Field(primary_key=True, max_length=32)
    name: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=254, index=True)
    locale: str | None = Field(default=None, max_length=16)
    start_date: date | None = None
    nudges_enabled: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Member(SQLModel, table=True):
    team_id: int = Field(foreign_key="team.id", primary_key=True)
    user_id: str = Field(foreign_key="person.user_id", primary_key=True, max_length=32)
    role: str = Field(default="sdr", max_length=16)  # "sdr" or "manager"

    __table_args__ = (Index("ix_member_user_id", "user_id"),)


class TeamSpell(SQLModel, table=True):
    """From `since`, the user is an SDR of `team_id` (None: of no team). SPEC: team membership
    has history, so a past period is judged with the members in force then. `Member` holds the
    memberships in force now; these rows say since when, and where an SDR was before. A user's
    first spell reaches back before its date (a new member belongs to the team from their first
    activity or start date, whichever is earlier)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=32)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    since: date
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=_ts())

    __table_args__ = (Index("ix_teamspell_user_since", "user_id", "since"),
                      Index("ix_teamspell_team", "team_id"))


class Activity(SQLModel, table=True):
    """One metric's quantity on one day. Rows of one log command share an entry_id.

    Never hard-deleted: undo and edits set deleted_at, and the audit trail says who and when.
    """

    # BIGINT on PostgreSQL; INTEGER on SQLite, where only that spelling autoincrements.
    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    )
    entry_id: str = Field(max_length=32, index=True)
    user_id: str = Field(max_length=32)
    day: date
    metric: str = Field(max_length=24)
    quantity: float
    # A money metric's currency (ISO code), stamped when it was logged: changing the team's
    # currency relabels nothing. None for counts.
    currency: str | None = Field(default=None, max_length=3)
    source: str | None = Field(default=None, max_length=40)
    technique: str | None = Field(default=None, max_length=40)  # a script, cadence or channel
    note: str | None = Field(default=None, max_length=300)
    origin: str = Field(default="slash", max_length=16)  # slash, modal, home, csv, api, demo
    external_id: str | None = Field(default=None, max_length=128)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    deleted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    deleted_by: str | None = Field(default=None, max_length=32)

    __table_args__ = (
        # Scorecards sum one user's live rows over days: this partial index holds everything
        # those sums read, so they never touch the table (whose rows of one user are scattered
        # among everyone's, in the order they were logged).
        Index("ix_activity_live", "user_id", "day", "metric", "quantity", "currency",
              sqlite_where=text("deleted_at IS NULL"),
              postgresql_where=text("deleted_at IS NULL")),
        UniqueConstraint("external_id", "metric", name="uq_activity_external_metric"),
    )


class Target(SQLModel, table=True):
    """A target for one metric and period kind, for one SDR or (user_id None) the team default."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    user_id: str | None = Field(default=None, max_length=32)
    metric: str = Field(max_length=24)
    kind: str = Field(max_length=8)
    value: float
    # A money target's currency: the team's when it was set; it measures only amounts in it.
    currency: str | None = Field(default=None, max_length=3)
    effective_from: date
    set_by: str = Field(max_length=32)
    set_at: datetime = Field(default_factory=utcnow, sa_column=_ts())

    __table_args__ = (Index("ix_target_team_user", "team_id", "user_id"),)


class TimeOff(SQLModel, table=True):
    user_id: str = Field(primary_key=True, max_length=32)
    day: date = Field(primary_key=True)


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    actor_id: str = Field(max_length=32)
    action: str = Field(max_length=40)
    subject: str = Field(max_length=120)
    detail: str = Field(default="{}")  # JSON

    __table_args__ = (Index("ix_audit_actor_at", "actor_id", "at"),)


class ProcessedEvent(SQLModel, table=True):
    """Slack retries events; the envelope's event_id is claimed here once."""

    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class PostClaim(SQLModel, table=True):
    """A scheduled post, claimed before it is sent: one row per team, kind and period.

    The unique constraint is the whole exactly-once mechanism: whoever inserts the row (a
    replica's scheduler, `kpibot post-scorecards`) posts; everyone else sees an IntegrityError.
    status: "claimed" (being sent), "posted", "released" (Slack refused it: a later run may
    claim it again) or "unknown" (Slack's answer never came: the post may be in the channel).
    The holder renews heartbeat_at while it works; storage/posts.py holds the takeover rules.
    """

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    kind: str = Field(max_length=16)  # "scorecard", "nudge", "nudge_run", "congrats", "alert"
    period_key: str = Field(max_length=80)  # 2026-W47; nudges add the run and the user id
    status: str = Field(default="claimed", max_length=16)
    claimed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    claimed_by: str = Field(max_length=120)  # host:pid
    heartbeat_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    posted_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    detail: str | None = Field(default=None, max_length=200)  # the Slack error of a release

    __table_args__ = (
        UniqueConstraint("team_id", "kind", "period_key", name="uq_postclaim_team_kind_period"),
    )


class CrmCursor(SQLModel, table=True):
    """One CRM source's sync state: how far it has read, and how its last run went.

    `cursor` (JSON, bot.crm.activity.CrmCursor) moves in the transaction that stores what it
    covers; `version` is bumped by that same transaction, so of two overlapping syncs only the
    first to commit stores anything. `slot` is the last 15-minute slot a replica claimed.
    """

    __tablename__ = "crm_cursor"

    source: str = Field(primary_key=True, max_length=16)  # "hubspot" or "salesforce"
    cursor: str = Field(default="{}")
    version: int = 0
    slot: str | None = Field(default=None, max_length=32)
    claimed_by: str | None = Field(default=None, max_length=120)
    last_run_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_ok_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    records_read: int = 0
    rows_changed: int = 0
    errors: int = 0
    unmatched: str = Field(default="[]")  # JSON: the owners the last run could not match
    reported_unmatched: str = Field(default="[]")  # JSON: owners the admins were told of
    last_error: str | None = Field(default=None, max_length=300)
    auth_error: str | None = Field(default=None, max_length=300)  # set while the job is stopped
    auth_notified: bool = False


class ChangeNote(SQLModel, table=True):
    """A change a manager noted (`/kpi note`): insights compare the weeks before and after.

    For the whole team (user_id None) or one SDR. Kept when cancelled, as everything is.
    """

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    user_id: str | None = Field(default=None, max_length=32)
    day: date  # the first day under the change
    text: str = Field(max_length=300)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())

    __table_args__ = (Index("ix_changenote_team_day", "team_id", "day"),)


class DataVersion(SQLModel, table=True):
    """One row whose number every transaction that writes raises as it commits (storage/
    versions.py): a replica's cached reads are current while the number they were read at is."""

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, sa_column=Column(BigInteger, nullable=False,
                                                     server_default="0"))
