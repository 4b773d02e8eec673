"""Checkpost's chat side: Slack and Teams handlers, and the rendering of the engine's report."""
