"""Names vulture (`make deadcode`, part of `make lint`) cannot see used: called by a framework,
read by a test harness, or columns written for the record. Anything else it reports is dead:
remove it."""

# ruff: noqa
# Bolt calls the middleware and error handler registered by decorator.
inject_deps
refuse_odd_shapes  # bot/app.py: a global middleware, registered by its decorator
on_error
# SQLAlchemy calls the listener registered by decorator (storage/db.py).
_bound_transaction
# pydantic-settings reads model_config and calls the field validators.
model_config
kpi_data_dir  # read by database_url's validator, through info.data
_._mode
_._bot_token
_._app_token
_._api_url
_._database_url
_._admins
_._timezone
_._channel
# The local fake Slack's and the harness's controls for tests.
_.app_settled
_.fail
_.delay
_.add_user
# What tests look into, so they wait on events rather than on time and cover every handler.
_.writes_in_flight  # Store: calls in the writers' line
routes  # bot/listeners/surface.py: every registered handler, for the failure-policy table
memberships  # storage/people.py: a user's teams (membership history is reworking this module)
# The standard library reads these: logging the record's message, Bolt a listener's name.
_.msg
_.__qualname__
# The CRM readers' API, waiting for the sync job that calls it (issue 12, in progress).
to_json
from_json
records_read
unknown_owner_ids
hubspot_configured
salesforce_configured
OBJECT_TYPES
open_reader
# Registers a metric for the length of a block: tests and experiments.
registered
# Alembic reads these from every migration.
down_revision
branch_labels
depends_on
downgrade
# Columns kept for the audit trail and for imports, written but not read by the bot.
external_id
created_by
deleted_by
subject
posted_at
_.deleted_by
_.posted_at
recorded_at  # storage/models.py TeamSpell: when a move was recorded
# Issue 14: the data's version table (read and written in SQL, storage/versions.py); the
# scorecard cache's miss count and the uncached scorecard message, read by bench/ and tests/.
DataVersion
_.misses
scorecard_message
