"""action_id, callback_id and block_id constants shared by builders and listeners."""

from __future__ import annotations

SCORECARD_PERIOD = "scorecard_period"  # button value: a PeriodChoice token such as "last week"
OPEN_LOG_MODAL = "open_log_modal"
OPEN_MY_KPIS = "open_my_kpis"

LOG_MODAL = "log_modal"
LOG_DATE_BLOCK = "log_date"
LOG_DATE_ACTION = "date"
LOG_SOURCE_BLOCK = "log_source"
LOG_SOURCE_ACTION = "source"
LOG_NOTE_BLOCK = "log_note"
LOG_NOTE_ACTION = "note"
LOG_METRIC_PREFIX = "log_metric_"  # + Metric value, the block_id of each number field
LOG_METRIC_ACTION = "value"
