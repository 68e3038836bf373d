"""The terminal front end: the real app, a local stand-in for Slack, and a text renderer."""
