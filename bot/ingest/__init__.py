"""Activity from outside Slack: CSV import, the ingest webhook, export."""
