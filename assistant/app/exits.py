"""Exit codes, and the error a command raises to end with one 'Fout:' line and its code.

Apart from cli.py so that a command kept in its own module (debate_cmd) raises the same class
without importing the CLI back (an import cycle), also when run as ``python -m assistant.app.cli``.
"""

from __future__ import annotations

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CONFIG = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code
