"""A bundle's data package checked with frictionless, as a portal harvesting it would: every
CSV against its Table Schema (types, patterns, required values, keys) and the foreign keys
between resources. Its errors are findings of the bundle's report, each naming the file,
row and field.

A bundle handed to ``validate`` may come from anyone, so it is read as data only. Before
frictionless sees the descriptor, every file it would open (a resource's path, a schema or
dialect given by reference, a profile that is not a built-in name) must be a relative path
that stays inside the bundle, links resolved; a URL, an absolute path, ``..`` or a link out of
the bundle is a finding, and frictionless is then not run at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import InputError
from ..limits import current
from .report import Finding, Location

#: The rule id of a data-package finding: ``PKG`` and frictionless's error type.
_RULE = "PKG-{type}"
_SPEC = "https://specs.frictionlessdata.io/tabular-data-package/"
_DESCRIPTOR = "datapackage.json"
#: A reference that names a place elsewhere: a URL scheme, a drive letter, a root.
_ELSEWHERE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\])")
#: Profiles frictionless knows by name (anything else it would fetch or open).
_NAMED_PROFILES = re.compile(r"^[a-z][a-z-]*$")


def _inside(directory: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(directory.resolve())


def bundle_file(directory: Path, name: str) -> Path:
    """``directory/name``, if it is a file inside the bundle (links resolved) within the size
    limit; else :class:`InputError`."""
    path = directory / name
    if not _inside(directory, path):
        raise InputError(path, "links to a file outside the bundle: a bundle is read as data "
                               "only, nothing outside it is opened")
    if not path.is_file():
        raise InputError(directory, f"not a bundle: no {name} in this directory")
    limits = current()
    if (size := path.stat().st_size) > limits.input_bytes:
        raise limits.exceeded(path, "input_bytes", "bytes in the file", size)
    return path


def _references(descriptor: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, reference) of every file or URL frictionless would open for ``descriptor``."""
    profile = descriptor.get("profile")
    if isinstance(profile, str) and not _NAMED_PROFILES.match(profile):
        yield _DESCRIPTOR, profile
    resources = descriptor.get("resources")
    for index, resource in enumerate(resources if isinstance(resources, list) else []):
        if not isinstance(resource, dict):
            continue
        name = str(resource.get("name", index))
        paths = resource.get("path")
        for path in paths if isinstance(paths, list) else [paths]:
            if path is not None:
                yield name, str(path)
        for key in ("schema", "dialect"):
            if isinstance(resource.get(key), str):
                yield name, resource[key]
        if isinstance(resource.get("profile"), str) and not _NAMED_PROFILES.match(resource["profile"]):
            yield name, resource["profile"]


def _unsafe(directory: Path, reference: str) -> str | None:
    """Why ``reference`` may not be opened, or ``None`` if it is a file inside the bundle."""
    if _ELSEWHERE.match(reference) or PurePosixPath(reference).is_absolute():
        return "a URL or an absolute path"
    if ".." in PurePosixPath(reference.replace("\\", "/")).parts:
        return "a path out of the bundle (..)"
    if not _inside(directory, directory / reference):
        return "a link to a file outside the bundle"
    return None


def _finding(directory: Path, kind: str, resource: str, zh: str, en: str) -> Finding:
    return Finding(rule=_RULE.format(type=kind), shape=_SPEC, severity="violation",
                   message_zh=zh, message_en=en, focus=f"{directory.name}/{resource}",
                   location=Location(table=resource))


def _unsafe_findings(directory: Path) -> list[Finding]:
    """Findings for a descriptor that is unreadable, or refers to anything outside the bundle."""
    path = bundle_file(directory, _DESCRIPTOR)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as error:
        return [_finding(directory, "descriptor-error", _DESCRIPTOR, f"数据包描述不是有效的 JSON：{error}",
                         f"data package: the descriptor is not valid JSON: {error}")]
    if not isinstance(descriptor, dict):
        return [_finding(directory, "descriptor-error", _DESCRIPTOR, "数据包描述不是 JSON 对象",
                         "data package: the descriptor is not a JSON object")]
    findings = []
    for resource, reference in _references(descriptor):
        if (why := _unsafe(directory, reference)) is not None:
            findings.append(_finding(
                directory, "unsafe-path", resource,
                f"数据包引用了数据包以外的文件（{reference}），未读取",
                f"data package: '{reference}' is {why}; a bundle is read as data only, so it "
                "was not opened"))
    return findings


def package_findings(directory: Path) -> list[Finding]:
    """The frictionless errors of ``directory/datapackage.json``, as violations; or the
    references that leave the bundle, without running frictionless."""
    if unsafe := _unsafe_findings(directory):
        return unsafe
    import frictionless  # the packaging stack is loaded only to check a bundle

    report = frictionless.validate(directory / _DESCRIPTOR)
    errors = [(_DESCRIPTOR, error) for error in report.errors]
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
