"""The QA set through the same pipeline as the chat: its schema, the metrics, the runner and the report."""
