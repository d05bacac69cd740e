"""What ``budgetld publish`` shows: a progress bar on a terminal, then a summary of what was
published, left unchanged, refused and failed, with the reason for each that was not."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from ..publish import Outcome
from ..publish.run import Status

_STYLES: dict[Status, str] = {"published": "green", "unchanged": "dim", "refused": "yellow", "failed": "bold red"}


class Progress:
    """A progress bar over the inputs, shown only when ``console`` is a terminal, so logs of
    batch runs stay clean."""

    def __init__(self, console: Console, total: int) -> None:
        self._bar = RichProgress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), TextColumn("{task.description}"),
                                 console=console, transient=True,
                                 disable=not console.is_terminal)
        self._task = self._bar.add_task("", total=total)

    def __enter__(self) -> Progress:
        self._bar.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._bar.__exit__(kind, error, trace)

    def advance(self, outcome: Outcome) -> None:
        self._bar.update(self._task, advance=1, description=escape(outcome.input.name))


def print_outcomes(console: Console, outcomes: list[Outcome], out: Path) -> None:
    """One line per input: the bundle it was published as (or left unchanged in), or why
    it was refused or failed; then the counts by status."""
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("status", "input", "bundle or reason"):
        table.add_column(column, overflow="fold")
    for o in outcomes:
        where = f"{out / o.slug}/" if o.status in ("published", "unchanged") and o.slug else \
            (o.reason or "")
        table.add_row(f"[{_STYLES[o.status]}]{o.status}[/]", escape(str(o.input)), escape(where))
    if outcomes:
        console.print(table)
    counts = Counter(o.status for o in outcomes)
    console.print("  ".join(f"[{_STYLES[s]}]{s} {counts[s]}[/]" for s in _STYLES))
