"""Names vulture (`make deadcode`) cannot see used: called by a framework, read by a test
harness, or columns written for the record. Anything else it reports is dead: remove it."""

# ruff: noqa
# Bolt calls the middleware and error handler registered by decorator.
inject_deps
on_error
# pydantic-settings reads model_config and calls the field validators.
model_config
kpi_ingest_token  # a documented setting the ingest endpoint reads when it lands
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
# Issue 12 pieces for the settings modal (team motion) and the targets modal (industry band),
# which their owners plug in.
set_team_motion
benchmark_plain
set_team_stale_days
