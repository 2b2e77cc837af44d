"""What users run: the CLI, the web chat, doctor, forget and feedback."""
