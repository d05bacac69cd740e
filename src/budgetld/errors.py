"""Errors that reach the user as one line and a documented exit code.

Every failure caused by the input (not by a bug) is an :class:`InputError`. The CLI prints
``str(error)`` (file, line where it applies, and the reason) and exits with
:data:`EXIT_UNUSABLE_INPUT`; it never shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE_INPUT = 2
EXIT_INTERNAL = 3


class InputError(Exception):
    """The input cannot be used: empty, binary, truncated, undecodable or unrecognised."""

    exit_code = EXIT_UNUSABLE_INPUT

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = " ".join(reason.split())  # one line, whatever a library's message holds
        self.line = line
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:  # picklable, so worker processes can return it
        return (type(self), (self.path, self.reason, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"
