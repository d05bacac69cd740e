"""The ``budgetld`` command line: one verb per user task.

Exit codes: 0 success; 1 findings (validation failed; ``publish``: some disclosure refused);
2 unusable input or bad usage (one line on stderr naming the file and line, or the option);
3 an internal error (one line; ``--debug`` shows the traceback).

The contract: every option value is checked before any work; choices are listed in
``--help``; output that goes to a pipe or file is never wrapped or cut; a closed pipe
(``| head``) ends the output quietly and the command still exits with its own status. The
heavy stacks (RDF, SHACL, packaging) are imported by the commands that need them only.
"""

# Without ``from __future__ import annotations``: typer reads every command's annotations at
# each start, and evaluating them when this module runs (from its cached bytecode) costs less
# than compiling them from strings then (about 7 ms of every command). Names that only type
# checkers import are quoted.
import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from . import __version__, defaults, limits
from .collection import fewer_collections
from .errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNUSABLE_INPUT, InputError

if TYPE_CHECKING:  # the stacks these come from are imported by the commands that use them
    import pyoxigraph as ox
    from rich.console import Console

    from .layouts import Knowledge
    from .publish import CatalogOptions
    from .store import Backend, Result


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"budgetld: {message}\n")
    return code


def _guarded(command: Callable[[], object]) -> int:
    """Run a command; turn every error into one line on stderr and its documented exit code."""
    try:
        code = command()
    except TyperException as error:  # bad usage: an option value, a missing argument
        message = error.format_message()
        if message.startswith("Usage:"):  # no arguments at all: the help, as it is
            sys.stderr.write(message + "\n")
            return EXIT_UNUSABLE_INPUT
        return _fail(message, EXIT_UNUSABLE_INPUT)
    except InputError as error:
        return _fail(str(error), error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        return _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        if _Run.debug:
            raise
        return _fail(f"internal error ({type(error).__name__}: {error}); run with --debug for "
                     "the traceback and please report it", EXIT_INTERNAL)
    return code if isinstance(code, int) else EXIT_OK


class _Group(TyperGroup):
    """The command group, with :func:`_guarded` around every run (the ``budgetld`` entry
    point and tests calling the app alike)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        fewer_collections()
        code = _guarded(lambda: super(_Group, self).main(
            args, prog_name, complete_var, False, windows_expand_args, **extra))
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Publish Chinese government budget disclosures (预算公开) as linked open "
                       "data. Exit codes: 0 ok, 1 findings, 2 unusable input or bad usage, "
                       "3 internal error.")


class _Run:
    """What the top-level options set for this run."""

    debug = False


class RdfFormat(StrEnum):
    turtle = "turtle"
    jsonld = "jsonld"
    nt = "nt"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class FailOn(StrEnum):
    violation = "violation"
    warning = "warning"


def _silence_stdout() -> None:
    """The reader of stdout went away (``| head``): send the rest nowhere, so neither later
    output nor the interpreter's final flush fails."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@functools.cache
def _console_type() -> "type[Console]":
    """rich's console, quiet once the reader of stdout went away; rich is imported by the
    commands that print through it only (``--help`` does not)."""
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:  # rich's own exits with 1, which means "findings"
            self.quiet = True
            _silence_stdout()

    return QuietConsole


def console(stderr: bool = False) -> "Console":
    """A console that lays text out for a person on a terminal and never wraps or cuts what
    goes to a pipe or a file (so it can be grepped)."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return _console_type()(file=stream, stderr=stderr)
    return _console_type()(file=stream, stderr=stderr, width=100_000, soft_wrap=True, no_color=True,
                           highlight=False)


@contextmanager
def _pipe_safe() -> Iterator[None]:
    """Stop writing quietly when the reader of stdout went away; the command goes on to
    exit with its own status."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _write(output: Path | None, data: bytes) -> None:
    """``data`` to ``output`` (atomically) or to stdout; a write error is unusable output."""
    from .files import write_atomically

    if output is None:
        with _pipe_safe():
            sys.stdout.buffer.write(data)
        return
    try:
        write_atomically(output, data)
    except OSError as error:
        raise InputError(output, f"cannot write: {error.strerror or error}") from None


# --- option values ---------------------------------------------------------------------------

def _tolerance(text: str) -> Decimal:
    """The ``--tolerance`` value: a finite number of zero or more (``nan`` would silently
    switch the sum checks off, a negative one would report every sum)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise typer.BadParameter(f"{text!r} is not a finite number of zero or more",
                                 param_hint="'--tolerance'")
    return value


_IRI = re.compile(r"^(?:https?://[^\s/?#<>\"{}|\\^`]+/[^\s<>\"{}|\\^`]*|urn:[a-z0-9][a-z0-9-]*:\S+)$",
                  re.IGNORECASE)


def _base(text: str) -> str:
    if not _IRI.match(text):
        raise typer.BadParameter(f"{text!r} is not an absolute http(s) IRI or URN "
                                 "(e.g. https://example.org/data/)")
    return text if text.endswith(("/", "#", ":")) else text + "/"


def _url(text: str | None) -> str | None:
    if text is None:
        return None
    if not re.match(r"^(?:https?|file)://\S+$", text):
        raise typer.BadParameter(f"{text!r} is not an http(s) or file URL")
    return text if text.endswith("/") else text + "/"


def _created(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 date or time "
                                 "(e.g. 2026-03-01 or 2026-03-01T00:00:00Z)") from None
    if "T" not in text:
        return f"{moment.date().isoformat()}T00:00:00Z"
    if moment.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no time zone (add Z or +08:00)")
    return text


def _license(text: str) -> str:
    from .package import LICENSES

    if text not in LICENSES:
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(LICENSES)}")
    return text


def _layouts(path: Path | None) -> Path | None:
    """Load (and so check) a province's layout folder before any work."""
    if path is not None:
        from .layouts import load_knowledge

        load_knowledge(path)
    return path


def _at_least(minimum: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value < minimum:
            raise typer.BadParameter(f"must be {minimum} or more, not {value}")
        return value
    return check


Layouts = Annotated[Path | None, typer.Option(
    "--layouts", callback=_layouts, metavar="DIR",
    help="A folder of a province's own layout files (tables.toml, families/*.toml, …) added "
         "to the built-in ones.")]
Base = Annotated[str, typer.Option("--base", callback=_base, help="Base IRI of the data.")]
Tolerance = Annotated[str, typer.Option("--tolerance", help="Rounding allowed in table sums, in "
                                        "the table's unit (a number ≥ 0).")]
BaseUrl = Annotated[str | None, typer.Option(
    "--base-url", callback=_url, help="URL the bundles are served from (download URLs in the "
                                      "catalog); default: the output folder's file: URL.")]
Publisher = Annotated[str, typer.Option("--publisher", help="Name of the catalog's publisher.")]
PageSize = Annotated[int, typer.Option("--page-size", callback=_at_least(1),
                                       help="Datasets per catalog page.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"budgetld {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False,
         debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal "
                                             "error instead of one line.")] = False,
         limit: Annotated[list[str] | None, typer.Option(
             "--limit", metavar="NAME=VALUE",
             help="Change a limit on what one input may hold (repeatable; `budgetld limits` "
                  "lists them): " + ", ".join(limits.Limits.names()) + ".")] = None) -> None:
    """budgetld: budget disclosures → typed model, RDF, data packages, validation."""
    _Run.debug = debug
    for setting in limit or []:
        limits.set_from_option(setting)
    limits.current()  # a bad BUDGETLD_MAX_* variable is reported before any work


def _knowledge(layouts: Path | None) -> "Knowledge":
    from .layouts import load_knowledge

    return load_knowledge(layouts)


# --- commands --------------------------------------------------------------------------------

@app.command()
def parse(file: Annotated[Path, typer.Argument(help="A disclosure: PDF, Word, Excel or text.")],
          as_json: Annotated[bool, typer.Option("--json", help="Print the whole model as "
                                                               "JSON instead of a summary.")] = False,
          layouts: Layouts = None) -> None:
    """Read one disclosure and print what was found: tables, rows, claims, warnings."""
    from .parse import parse_file
    from .report.summary import print_summary

    disclosure = parse_file(file, _knowledge(layouts))
    with _pipe_safe():
        if as_json:
            sys.stdout.write(disclosure.model_dump_json(indent=2) + "\n")
        else:
            print_summary(console(), disclosure)


@app.command()
def rdf(file: Annotated[Path, typer.Argument(help="A disclosure to publish as RDF.")],
        fmt: Annotated[RdfFormat, typer.Option("--format", "-f", help="RDF syntax.")] = RdfFormat.turtle,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead "
                                                                          "of stdout.")] = None,
        base: Base = defaults.DEFAULT_BASE, layouts: Layouts = None) -> None:
    """Publish one disclosure as RDF under the budgetld ontology (Data Cube, DCAT, PROV, org,
    SKOS): Turtle with prefixes, JSON-LD compacted with ontology/context.jsonld, or N-Triples.
    The same input always gives byte-identical output."""
    from .parse import parse_file
    from .rdf import serialize

    knowledge = _knowledge(layouts)
    _write(output, serialize(parse_file(file, knowledge), fmt.value, base, knowledge))


@app.command()
def validate(target: Annotated[Path, typer.Argument(help="A disclosure file, or a published "
                                                         "bundle directory.")],
             fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")]
             = ReportFormat.text,
             lang: Annotated[Lang, typer.Option("--lang", help="Language of the text report.")]
             = Lang.zh,
             fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Fail (exit 1) on any "
                                                     "violation, or also on any warning.")]
             = FailOn.violation,
             tolerance: Tolerance = str(defaults.TOLERANCE),
             engine: Annotated[defaults.Engine, typer.Option(
                 "--engine", help="budgetld (its own SHACL-SPARQL executor) or pyshacl (the "
                                  "reference engine).")] = defaults.Engine.budgetld,
             output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the "
                                                         "report here instead of stdout.")] = None,
             layouts: Layouts = None) -> None:
    """Check a disclosure against the published rules (shapes/): required tables and sections,
    codes, table arithmetic, agreement of tables and narrative, template leftovers, performance
    targets. Exit 0 when it passes, 1 when it fails, 2 for unusable input."""
    from .validate import plain_text, print_text, to_json, to_turtle, validate_bundle
    from .validate import validate as run

    allowed = _tolerance(tolerance)
    if target.is_dir():
        if not (target / "disclosure.ttl").exists():
            raise InputError(target, "not a bundle: no disclosure.ttl in this directory")
        report, dataset = validate_bundle(target, allowed, engine)
    else:
        from .parse import parse_file

        knowledge = _knowledge(layouts)
        report, dataset = run(parse_file(target, knowledge), allowed, engine=engine,
                              knowledge=knowledge)
    if fmt is ReportFormat.text and output is None and sys.stdout.isatty():  # a person: styled
        with _pipe_safe():
            print_text(console(), report, lang.value)
    else:
        render: dict[ReportFormat, Callable[[], bytes]] = {
            ReportFormat.text: lambda: plain_text(report, lang.value).encode(),
            ReportFormat.json: lambda: to_json(report).encode(),
            ReportFormat.turtle: lambda: to_turtle(report, dataset)}
        _write(output, render[fmt]())
    raise typer.Exit(EXIT_FINDINGS if report.failed(fail_on.value) else EXIT_OK)


def _catalog_options(out: Path, base_url: str | None, base: str, publisher: str,
                     page_size: int) -> "CatalogOptions":
    from .publish import CatalogOptions

    return CatalogOptions(base_url=base_url or out.resolve().as_uri() + "/", iri=base + "catalog",
                          publisher=publisher, page_size=page_size)


def _recover(out: Path, options: "CatalogOptions | None") -> None:
    """Settle what a killed run left in ``out`` (saying what was done on stderr) and, with
    ``options``, rebuild the catalog from the bundles present, so it matches them before
    any work starts."""
    from .publish import recover, write_catalog

    try:
        for line in recover(out):
            sys.stderr.write(f"budgetld: {line}\n")
        if options is not None:
            write_catalog(out, options)
    except OSError as error:
        raise InputError(out, f"cannot repair the output folder: {error.strerror or error}") from None


def _write_catalog(out: Path, options: "CatalogOptions") -> bool:
    """Write the catalog of ``out``, check it against DCAT-AP and list its pages; False if
    the check fails."""
    from .publish import write_catalog
    from .validate.catalog import validate_catalog

    try:
        pages = write_catalog(out, options)
    except OSError as error:
        raise InputError(out, f"cannot write the catalog: {error.strerror or error}") from None
    # the JSON-LD pages hold the same triples as the Turtle ones (tested): check those once
    findings = [(page, f) for page in pages if page.suffix == ".ttl" for f in validate_catalog(page)]
    out_console = console()
    with _pipe_safe():
        for page, f in findings:
            out_console.print(f"{page}: {f.rule}: {f.message_zh} / {f.message_en} ({f.focus})",
                              markup=False)
        for page in pages:
            out_console.print(f"wrote {page}", markup=False)
        out_console.print(f"catalog: DCAT-AP {'rules pass' if not findings else f'{len(findings)} violation(s)'}",
                          markup=False)
    return not findings


@app.command()
def publish(inputs: Annotated[list[Path], typer.Argument(help="Disclosure files, or folders "
                                                              "of them (searched recursively).")],
            output: Annotated[Path, typer.Option("--output", "-o", help="Folder of the bundles "
                                                 "and the catalog.")],
            jobs: Annotated[int, typer.Option("--jobs", "-j", callback=_at_least(0),
                                              help="Inputs processed in parallel (0: all "
                                                   "cores).")] = 0,
            allow_invalid: Annotated[bool, typer.Option("--allow-invalid", help="Publish "
                                     "disclosures with violations too; their bundles carry the "
                                     "report.")] = False,
            base: Base = defaults.DEFAULT_BASE, base_url: BaseUrl = None,
            created: Annotated[str | None, typer.Option("--created", callback=_created,
                               help="Creation time of the packages (ISO 8601); default: "
                                    "SOURCE_DATE_EPOCH, else each input's modification "
                                    "time.")] = None,
            license_id: Annotated[str, typer.Option("--license", callback=_license,
                                                    help="SPDX id of the data license.")]
            = defaults.LICENSE,
            tolerance: Tolerance = str(defaults.TOLERANCE),
            publisher: Publisher = "budgetld", page_size: PageSize = 500,
            layouts: Layouts = None) -> None:
    """Publish each disclosure as a bundle DIR/<slug>/ (data package, CSVs, Turtle, JSON-LD,
    validation report, README) and describe all bundles in DIR/catalog.ttl and
    catalog.jsonld (DCAT-AP). A disclosure with violations is refused unless
    --allow-invalid. Exit 0 all published, 1 some refused, 2 some failed."""
    from .publish import BundleOptions, collect_inputs, exclusive
    from .publish import publish as run
    from .report.publishing import Progress, print_outcomes

    allowed = _tolerance(tolerance)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(output, f"cannot create the output folder: {error.strerror or error}") from None
    if not os.access(output, os.W_OK):
        raise InputError(output, "the output folder is not writable")
    files = collect_inputs(inputs)
    options = BundleOptions(base=base, license_id=license_id, tolerance=allowed, layouts=layouts)
    catalog_options = _catalog_options(output, base_url, base, publisher, page_size)
    with exclusive(output):
        _recover(output, catalog_options)
        with Progress(console(stderr=True), len(files)) as progress:
            outcomes = run(files, output, options, created=created,
                           jobs=jobs or os.cpu_count() or 1, allow_invalid=allow_invalid,
                           progress=progress.advance, debug=_Run.debug)
        with _pipe_safe():
            print_outcomes(console(), outcomes, output)
        catalog_ok = _write_catalog(output, catalog_options)
    statuses = {o.status for o in outcomes}
    raise typer.Exit(EXIT_UNUSABLE_INPUT if "failed" in statuses else
                     EXIT_FINDINGS if "refused" in statuses or not catalog_ok else EXIT_OK)


@app.command()
def catalog(directory: Annotated[Path, typer.Argument(help="A folder of published bundles.")],
            base: Base = defaults.DEFAULT_BASE, base_url: BaseUrl = None,
            publisher: Publisher = "budgetld", page_size: PageSize = 500) -> None:
    """Rebuild DIR/catalog.ttl and catalog.jsonld (DCAT-AP) from the bundles present, and
    check them against the DCAT-AP rules (shapes/catalog/). Exit 1 if they fail."""
    from .publish import exclusive

    if not directory.is_dir():
        raise InputError(directory, "not a folder of bundles")
    options = _catalog_options(directory, base_url, base, publisher, page_size)
    with exclusive(directory):
        _recover(directory, None)
        ok = _write_catalog(directory, options)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)


def _repository_codelists() -> Path | None:
    """``ontology/codelists`` of the source tree budgetld runs from, if it runs from one (an
    installed package has no repository to write to)."""
    from .resources import data_dir

    folder = data_dir("ontology") / "codelists"
    return None if "_data" in folder.parts else folder


@app.command()
def codelists(directory: Annotated[Path | None, typer.Argument(
        help="Where to write the schemes; default: ontology/codelists/ of the repository "
             "budgetld runs from.")] = None) -> None:
    """Regenerate the SKOS code lists (ontology/codelists/*.ttl) from their sources:
    ontology/codelists/src/, the kinds in layouts/ and the parse-warning registry."""
    from .rdf.codelists import write_codelists

    target = directory or _repository_codelists()
    if target is None:
        raise InputError("codelists", "budgetld is installed, not run from its repository: "
                                      "give the folder to write to")
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = write_codelists(target)
    except OSError as error:
        raise InputError(target, f"cannot write: {error.strerror or error}") from None
    with _pipe_safe():
        for path in written:
            typer.echo(f"wrote {path}")
        typer.echo(f"{len(written)} code list file(s) written to {target}")


@app.command("limits")
def show_limits() -> None:
    """List the limits on what one input may hold: name, value in force, default, what it
    bounds. Change one with --limit NAME=VALUE or the variable BUDGETLD_MAX_<NAME>."""
    in_force = limits.current()
    with _pipe_safe():
        for name, default, doc in limits.Limits.describe():
            sys.stdout.write(f"{name}\t{getattr(in_force, name)}\t{default}\t{doc}\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the model that ``parse --json`` writes."""
    from .model import Disclosure

    with _pipe_safe():
        sys.stdout.write(json.dumps(Disclosure.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


# --- the store: load, query, serve, push ---------------------------------------------------

StoreDir = Annotated[Path, typer.Option("--store", metavar="DIR",
                                        help="The embedded store's folder.")]


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    turtle = "turtle"


@app.command()
def load(targets: Annotated[list[Path], typer.Argument(help="Bundles, or folders of bundles "
                                                           "(searched recursively).")],
         store: StoreDir = Path(defaults.STORE),
         jobs: Annotated[int, typer.Option("--jobs", "-j", callback=_at_least(0),
                                           help="Processes reading bundles (0: one per CPU).")] = 0) -> None:
    """Load published bundles into the embedded store: each disclosure in the graph named by
    its IRI, its validation report in <IRI>/validation, its summary (computed now) in
    <IRI>/summary, the ontology and code lists in graphs of their own. Reloading a bundle
    replaces its graphs; a load that fails leaves the store as it was."""
    from .store import find_bundles
    from .store import load as run

    bundles = find_bundles(targets)
    out = console()
    with _pipe_safe():
        loaded = run(store, bundles, lambda b: out.print(
            f"{'replaced' if b.replaced else 'loaded'} {b.disclosure} ({b.path})", markup=False),
            jobs=jobs or os.cpu_count() or 1)
        out.print(f"{len(loaded)} bundle(s) in {store}", markup=False)


def _bindings(values: list[str]) -> "dict[str, ox.NamedNode]":
    """``--bind NAME=IRI`` options as IRIs by parameter name."""
    import pyoxigraph as ox

    bound: dict[str, ox.NamedNode] = {}
    for value in values:
        name, _, iri = value.partition("=")
        try:
            bound[name.strip().lstrip("?")] = ox.NamedNode(iri.strip().strip("<>"))
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not NAME=IRI", param_hint="'--bind'") from None
    return bound


def _query_text(text: str | None, file: Path | None, name: str | None) -> str:
    given = [x for x in (text, file, name) if x is not None]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of QUERY, --file or --name")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(file, f"cannot read the query: {error}") from None
    if name is not None:
        from .store import named_queries

        queries = named_queries()
        if name not in queries:
            raise typer.BadParameter(f"{name!r} is not one of {', '.join(queries)}",
                                     param_hint="'--name'")
        return queries[name].text
    return text or ""


@app.command()
def query(text: Annotated[str | None, typer.Argument(metavar="[QUERY]",
                                                     help="A SPARQL query.")] = None,
          file: Annotated[Path | None, typer.Option("--file", help="Read the query from "
                                                    "this file.")] = None,
          name: Annotated[str | None, typer.Option("--name", help="Run a named research "
                                                   "query (see --list).")] = None,
          list_names: Annotated[bool, typer.Option("--list", help="List the named "
                                                   "queries and exit.")] = False,
          binds: Annotated[list[str] | None, typer.Option(
              "--bind", metavar="NAME=IRI", help="Bind a parameter of the query (a line ending "
                                                 "in '# parameter ?NAME') to an IRI.")] = None,
          fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format: a "
                         "table for people, SPARQL results CSV/TSV/JSON, or Turtle for "
                         "CONSTRUCT and DESCRIBE.")] = QueryFormat.table,
          store: StoreDir = Path(defaults.STORE),
          endpoint: Annotated[str | None, typer.Option(
              "--endpoint", callback=_url, help="Ask this SPARQL endpoint instead of the "
                                                "embedded store.")] = None) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the loaded corpus; the
    default graph is the union of all graphs."""
    from .store import QueryError, TooManyResults

    if list_names:
        from .store import named_queries

        with _pipe_safe():
            for query_name, named in named_queries().items():
                parameters = "".join(f" ?{p}" for p in named.parameters)
                typer.echo(f"{query_name}\t{named.title}" + (f" (parameters:{parameters})" if parameters else ""))
        return
    sparql = _query_text(text, file, name)
    if binds:
        from .store import bind

        try:
            sparql = bind(sparql, _bindings(binds))
        except KeyError as missing:
            raise typer.BadParameter(f"the query has no parameter ?{missing.args[0]}",
                                     param_hint="'--bind'") from None
    backend = _backend(store, endpoint)
    try:
        result = backend.query(sparql)
    except (QueryError, TooManyResults) as error:
        raise InputError(file or name or "query", str(error)) from None
    _print_result(result, fmt)


def _backend(store: Path, endpoint: str | None) -> "Backend":
    from .store import Embedded, Remote, open_read_only

    if endpoint is not None:
        return Remote(endpoint.rstrip("/"))
    return Embedded(open_read_only(store))


def _print_result(result: "Result", fmt: QueryFormat) -> None:
    from .store import Graph
    from .store.render import print_table
    from .store.results import RESULT_FORMATS, graph_bytes

    if fmt is QueryFormat.table:
        with _pipe_safe():
            print_table(console(), result)
        return
    if isinstance(result, Graph):
        if fmt is not QueryFormat.turtle:
            raise typer.BadParameter("CONSTRUCT and DESCRIBE give triples: use --format "
                                     "turtle or table", param_hint="'--format'")
        _write(None, graph_bytes(result.triples, "turtle"))
        return
    if fmt is QueryFormat.turtle:
        raise typer.BadParameter("only CONSTRUCT and DESCRIBE give triples: use table, csv, "
                                 "tsv or json", param_hint="'--format'")
    _write(None, RESULT_FORMATS[fmt.value][1](result))


def _password(variable: str | None, user: str | None) -> tuple[str, str] | None:
    if user is None:
        return None
    if variable is None or variable not in os.environ:
        raise typer.BadParameter("--user needs --password-env naming a set environment variable",
                                 param_hint="'--password-env'")
    return user, os.environ[variable]


User = Annotated[str | None, typer.Option("--user", help="User name for the endpoint (HTTP "
                                                         "basic authentication).")]
PasswordEnv = Annotated[str | None, typer.Option("--password-env", metavar="VAR",
                                                 help="Environment variable holding the password.")]


@app.command()
def push(targets: Annotated[list[Path], typer.Argument(help="Bundles, or folders of bundles.")],
         endpoint: Annotated[str, typer.Option("--endpoint", callback=_url, help="The SPARQL 1.1 "
                             "Graph Store Protocol URL (Oxigraph: http://HOST:7878/store; "
                             "Fuseki: http://HOST:3030/DATASET/data).")],
         user: User = None, password_env: PasswordEnv = None) -> None:
    """Write each disclosure's graph (and its validation report's) to a SPARQL 1.1 Graph
    Store Protocol server, replacing the graphs there."""
    from .store import find_bundles
    from .store.push import push as run

    auth = _password(password_env, user)
    bundles = find_bundles(targets)
    out = console()
    with _pipe_safe():
        written = run(bundles, endpoint.rstrip("/"), auth,
                      lambda graph: out.print(f"wrote {graph}", markup=False))
        out.print(f"{len(written)} graph(s) written to {endpoint.rstrip('/')}", markup=False)


def _port(value: int) -> int:
    if not 0 < value < 65536:
        raise typer.BadParameter(f"{value} is not a port number (1-65535)")
    return value


def _positive(value: float) -> float:
    if not value > 0:
        raise typer.BadParameter(f"must be more than 0, not {value}")
    return value


@app.command()
def serve(bundles: Annotated[Path | None, typer.Argument(
              help="A folder of published bundles whose files (and catalog) are offered for "
                   "download.")] = None,
          store: StoreDir = Path(defaults.STORE),
          endpoint: Annotated[str | None, typer.Option(
              "--endpoint", callback=_url, help="Serve from this SPARQL endpoint (union "
                                                "default graph) instead of the embedded store.")] = None,
          host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", callback=_port, help="Port.")] = 8000,
          base_url: Annotated[str | None, typer.Option(
              "--base-url", callback=_url, help="The server's public URL; default "
                                                "http://HOST:PORT/.")] = None,
          timeout: Annotated[float, typer.Option("--timeout", callback=_positive,
                                                 help="Seconds a SPARQL query may run.")] = 10.0,
          max_results: Annotated[int, typer.Option("--max-results", callback=_at_least(1),
                                                   help="Rows or triples a SPARQL query may "
                                                        "return.")] = 10_000,
          workers: Annotated[int, typer.Option("--workers", callback=_at_least(1),
                                               help="Processes answering SPARQL queries.")] = 2,
          max_body: Annotated[int, typer.Option("--max-body", callback=_at_least(1),
                                                help="Bytes a request body may have.")] = 1 << 20,
          max_url: Annotated[int, typer.Option("--max-url", callback=_at_least(1),
                                               help="Bytes a request's path and query string "
                                                    "may have.")] = 8192,
          user: User = None, password_env: PasswordEnv = None) -> None:
    """Serve the corpus: a page and an RDF description for every IRI the data mints (content
    negotiation: Turtle, JSON-LD, N-Triples, HTML), a read-only SPARQL 1.1 endpoint at
    /sparql, the DCAT catalog, VoID, and the bundles' files."""
    import uvicorn

    from .serve import ServeConfig, create_app
    from .store import open_read_only

    if bundles is not None and not bundles.is_dir():
        raise InputError(bundles, "not a folder of bundles")
    if endpoint is None:
        open_read_only(store)  # fail now, with one line, when there is no store
    config = ServeConfig(store=None if endpoint else store, endpoint=endpoint and endpoint.rstrip("/"),
                         bundles=bundles, base_url=base_url or f"http://{host}:{port}/",
                         timeout=timeout, max_results=max_results, workers=workers,
                         max_body=max_body, max_url=max_url, auth=_password(password_env, user))
    console(stderr=True).print(f"serving on http://{host}:{port}/ (Ctrl-C to stop)", markup=False)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
