"""The ``budgetld`` command line: one verb per user task.

Exit codes: 0 success, 1 findings (validation failed), 2 unusable input (one line on stderr,
naming the file and, where it applies, the line).
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .errors import EXIT_FINDINGS, EXIT_UNUSABLE_INPUT, InputError
from .model import Disclosure
from .files import write_atomically
from .parse import parse_file
from .rdf import DEFAULT_BASE, FORMATS, serialize
from .rdf.codelists import write_codelists
from .resources import data_dir
from .report.summary import print_summary

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Publish Chinese government budget disclosures (预算公开) as linked open "
                       "data. Exit codes: 0 ok, 1 findings, 2 unusable input.")


def _fail(error: InputError) -> None:
    typer.echo(f"budgetld: {error}", err=True)
    raise typer.Exit(EXIT_UNUSABLE_INPUT)


def _tolerance(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        typer.echo(f"budgetld: --tolerance must be a number, not {text!r}", err=True)
        raise typer.Exit(EXIT_UNUSABLE_INPUT) from None


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
def parse(file: Annotated[Path, typer.Argument(help="A disclosure: a PDF, tab-separated text "
                                                    "or a PDF's text layer.")],
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
def rdf(file: Annotated[Path, typer.Argument(help="A disclosure to publish as RDF.")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, jsonld or nt.")] = "turtle",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead "
                                                                          "of stdout.")] = None,
        base: Annotated[str, typer.Option("--base", help="Base IRI of the data.")] = DEFAULT_BASE
        ) -> None:
    """Publish one disclosure as RDF under the budgetld ontology (Data Cube, DCAT, PROV, org,
    SKOS): Turtle with prefixes, JSON-LD compacted with ontology/context.jsonld, or N-Triples.
    The same input always gives byte-identical output."""
    if fmt not in FORMATS:
        typer.echo(f"budgetld: unknown format {fmt!r}; use one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(EXIT_UNUSABLE_INPUT)
    try:
        text = serialize(parse_file(file), fmt, base)
    except InputError as error:
        _fail(error)
    if output is None:
        sys.stdout.buffer.write(text)
    else:
        write_atomically(output, text)


@app.command()
def validate(target: Annotated[Path, typer.Argument(help="A disclosure file, or a published "
                                                         "bundle directory.")],
             fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or turtle.")] = "text",
             lang: Annotated[str, typer.Option("--lang", help="Language of the text report: zh or en.")] = "zh",
             fail_on: Annotated[str, typer.Option("--fail-on", help="Fail (exit 1) on any "
                                                  "'violation', or also on any 'warning'.")] = "violation",
             tolerance: Annotated[str, typer.Option("--tolerance", help="Rounding allowed in "
                                                    "table sums, in the table's unit.")] = "0.01",
             output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the "
                                                         "report here instead of stdout.")] = None,
             ) -> None:
    """Check a disclosure against the published rules (shapes/): required tables and sections,
    codes, table arithmetic, agreement of tables and narrative, template leftovers, performance
    targets. Exit 0 when it passes, 1 when it fails, 2 for unusable input."""
    from .validate import print_text, to_json, to_turtle, validate as run, validate_bundle

    if fmt not in ("text", "json", "turtle") or lang not in ("zh", "en") or \
            fail_on not in ("violation", "warning"):
        typer.echo("budgetld: --format is text|json|turtle, --lang zh|en, --fail-on "
                   "violation|warning", err=True)
        raise typer.Exit(EXIT_UNUSABLE_INPUT)
    allowed = _tolerance(tolerance)
    try:
        if target.is_dir():
            if not (target / "disclosure.ttl").exists():
                raise InputError(target, "not a bundle: no disclosure.ttl in this directory")
            report, dataset = validate_bundle(target, allowed)
        else:
            report, dataset = run(parse_file(target), allowed)
    except InputError as error:
        _fail(error)
    if fmt == "text" and output is None:
        print_text(Console(), report, lang)
    else:
        text = {"text": lambda: _text(report, lang), "json": lambda: to_json(report).encode(),
                "turtle": lambda: to_turtle(report, dataset)}[fmt]()
        if output is None:
            sys.stdout.buffer.write(text)
        else:
            write_atomically(output, text)
    raise typer.Exit(EXIT_FINDINGS if report.failed(fail_on) else 0)


def _text(report, lang: str) -> bytes:
    from .validate import print_text

    console = Console(record=True, width=120, file=open(os.devnull, "w"))
    print_text(console, report, lang)
    return console.export_text().encode()


def _catalog_options(out: Path, base_url: str | None, base: str, publisher: str, page_size: int):
    from .publish import CatalogOptions

    url = base_url or out.resolve().as_uri()
    return CatalogOptions(base_url=url if url.endswith("/") else url + "/",
                          iri=(base if base.endswith("/") else base + "/") + "catalog",
                          publisher=publisher, page_size=page_size)


def _write_catalog(console: Console, out: Path, options) -> bool:
    """Write the catalog of ``out`` and check it against DCAT-AP; False if it fails."""
    from .publish import write_catalog
    from .validate.catalog import validate_catalog

    try:
        pages = write_catalog(out, options)
    except InputError as error:
        _fail(error)
    # the JSON-LD pages hold the same triples as the Turtle ones (tested): check those once
    findings = [(page, f) for page in pages if page.suffix == ".ttl" for f in validate_catalog(page)]
    for page, f in findings:
        console.print(f"{page}: {f.rule}: {f.message_zh} / {f.message_en} ({f.focus})", highlight=False)
    console.print(f"catalog: {', '.join(p.name for p in pages)} — DCAT-AP "
                  f"{'rules pass' if not findings else f'{len(findings)} violation(s)'}", highlight=False)
    return not findings


_BASE_URL_HELP = ("URL the bundles are served from (download URLs in the catalog); "
                  "default: the output folder's file: URL.")


@app.command()
def publish(inputs: Annotated[list[Path], typer.Argument(help="Disclosure files, or folders "
                                                              "of them (searched recursively).")],
            output: Annotated[Path, typer.Option("--output", "-o", help="Folder of the bundles "
                                                 "and the catalog.")],
            jobs: Annotated[int, typer.Option("--jobs", "-j", help="Inputs processed in "
                                              "parallel (default: all cores).")] = 0,
            allow_invalid: Annotated[bool, typer.Option("--allow-invalid", help="Publish "
                                     "disclosures with violations too; their bundles carry the "
                                     "report.")] = False,
            base: Annotated[str, typer.Option("--base", help="Base IRI of the data.")] = DEFAULT_BASE,
            base_url: Annotated[str | None, typer.Option("--base-url", help=_BASE_URL_HELP)] = None,
            created: Annotated[str | None, typer.Option("--created", help="Creation time of the "
                               "packages (ISO 8601); default: SOURCE_DATE_EPOCH, else each "
                               "input's modification time.")] = None,
            license_id: Annotated[str, typer.Option("--license", help="SPDX id of the data "
                                                    "license.")] = "CC-BY-4.0",
            tolerance: Annotated[str, typer.Option("--tolerance", help="Rounding allowed in "
                                                   "table sums.")] = "0.01",
            publisher: Annotated[str, typer.Option("--publisher", help="Name of the catalog's "
                                                   "publisher.")] = "budgetld",
            page_size: Annotated[int, typer.Option("--page-size", help="Datasets per catalog "
                                                   "page.")] = 500,
            ) -> None:
    """Publish each disclosure as a bundle DIR/<slug>/ (data package, CSVs, Turtle, JSON-LD,
    validation report, README) and describe all bundles in DIR/catalog.ttl and
    catalog.jsonld (DCAT-AP). A disclosure with violations is refused unless
    --allow-invalid. Exit 0 all published, 1 some refused, 2 some failed."""
    from .package import LICENSES
    from .publish import BundleOptions, collect_inputs
    from .publish import publish as run
    from .report.publishing import Progress, print_outcomes

    if license_id not in LICENSES:
        typer.echo(f"budgetld: unknown --license {license_id!r}; use one of "
                   f"{', '.join(LICENSES)}", err=True)
        raise typer.Exit(EXIT_UNUSABLE_INPUT)
    allowed = _tolerance(tolerance)
    files = collect_inputs(inputs)
    options = BundleOptions(base=base, license_id=license_id, tolerance=allowed)
    console = Console(stderr=True)
    with Progress(console, len(files)) as progress:
        outcomes = run(files, output, options, created=created, jobs=jobs or os.cpu_count() or 1,
                       allow_invalid=allow_invalid, progress=progress.advance)
    print_outcomes(Console(), outcomes)
    catalog_ok = _write_catalog(Console(), output, _catalog_options(output, base_url, base,
                                                                    publisher, page_size))
    statuses = {o.status for o in outcomes}
    raise typer.Exit(EXIT_UNUSABLE_INPUT if "failed" in statuses else
                     EXIT_FINDINGS if "refused" in statuses or not catalog_ok else 0)


@app.command()
def catalog(directory: Annotated[Path, typer.Argument(help="A folder of published bundles.")],
            base: Annotated[str, typer.Option("--base", help="Base IRI of the data.")] = DEFAULT_BASE,
            base_url: Annotated[str | None, typer.Option("--base-url", help=_BASE_URL_HELP)] = None,
            publisher: Annotated[str, typer.Option("--publisher", help="Name of the catalog's "
                                                   "publisher.")] = "budgetld",
            page_size: Annotated[int, typer.Option("--page-size", help="Datasets per catalog "
                                                   "page.")] = 500,
            ) -> None:
    """Rebuild DIR/catalog.ttl and catalog.jsonld (DCAT-AP) from the bundles present, and
    check them against the DCAT-AP rules (shapes/catalog/). Exit 1 if they fail."""
    if not directory.is_dir():
        _fail(InputError(directory, "not a folder of bundles"))
    ok = _write_catalog(Console(), directory, _catalog_options(directory, base_url, base,
                                                               publisher, page_size))
    raise typer.Exit(0 if ok else EXIT_FINDINGS)


@app.command()
def codelists(directory: Annotated[Path, typer.Argument(help="Where to write the schemes.")]
              = data_dir("ontology") / "codelists") -> None:
    """Regenerate the SKOS code lists (ontology/codelists/*.ttl) from their sources:
    ontology/codelists/src/ and the kinds in layouts/."""
    directory.mkdir(parents=True, exist_ok=True)
    written = write_codelists(directory)
    typer.echo(f"{len(written)} code list file(s) written to {directory}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the model that ``parse --json`` writes."""
    sys.stdout.write(json.dumps(Disclosure.model_json_schema(), ensure_ascii=False, indent=2) + "\n")
