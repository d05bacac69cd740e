"""A bundle's data package checked with frictionless, as a portal harvesting it would: every
CSV against its Table Schema (types, patterns, required values, keys) and the foreign keys
between resources. Its errors are findings of the bundle's report, each naming the file,
row and field; frictionless reads only the files the descriptor names inside the bundle."""

from __future__ import annotations

from pathlib import Path

from .report import Finding, Location

#: The rule id of a data-package finding: ``PKG`` and frictionless's error type.
_RULE = "PKG-{type}"
_SPEC = "https://specs.frictionlessdata.io/tabular-data-package/"


def package_findings(directory: Path) -> list[Finding]:
    """The frictionless errors of ``directory/datapackage.json``, as violations."""
    import frictionless  # the packaging stack is loaded only to check a bundle

    report = frictionless.validate(directory / "datapackage.json")
    errors = [("datapackage.json", error) for error in report.errors]
    errors += [(task.name, error) for task in report.tasks for error in task.errors]
    findings = []
    for resource, error in errors:
        row = getattr(error, "row_number", None)
        findings.append(Finding(
            rule=_RULE.format(type=error.type), shape=_SPEC, severity="violation",
            message_zh=f"数据包不符合其表结构：{error.message}",
            message_en=f"data package: {error.message}", focus=f"{directory.name}/{resource}",
            location=Location(table=resource, row=str(row) if row else None,
                              column=getattr(error, "field_name", None))))
    return findings
