"""The ``budgetld`` command line: one verb per user task.

Exit codes: 0 success, 1 findings (validation failed), 2 unusable input (one line on stderr,
naming the file and, where it applies, the line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .errors import EXIT_UNUSABLE_INPUT, InputError
from .model import Disclosure
from .parse import parse_file
from .report.summary import print_summary

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Publish Chinese government budget disclosures (预算公开) as linked open "
                       "data. Exit codes: 0 ok, 1 findings, 2 unusable input.")


def _fail(error: InputError) -> None:
    typer.echo(f"budgetld: {error}", err=True)
    raise typer.Exit(EXIT_UNUSABLE_INPUT)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"budgetld {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False
         ) -> None:
    """budgetld: budget disclosures → typed model, RDF, data packages, validation."""


@app.command()
def parse(file: Annotated[Path, typer.Argument(help="A disclosure: tab-separated text or a "
                                                    "PDF's text layer.")],
          as_json: Annotated[bool, typer.Option("--json", help="Print the whole model as "
                                                               "JSON instead of a summary.")] = False
          ) -> None:
    """Read one disclosure and print what was found: tables, rows, claims, warnings."""
    try:
        disclosure = parse_file(file)
    except InputError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(disclosure.model_dump_json(indent=2) + "\n")
    else:
        print_summary(Console(), disclosure)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the model that ``parse --json`` writes."""
    sys.stdout.write(json.dumps(Disclosure.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
