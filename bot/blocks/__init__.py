"""Pure Block Kit builders: domain objects in, Slack-ready dicts out."""
