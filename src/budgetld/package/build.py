"""Building the CSVs and ``datapackage.json`` of one disclosure (see the package docstring)."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from .. import __version__, units
from ..codelists import classification_for
from ..model import Amount, BudgetTable, Disclosure, Row
from ..model.tables import Side
from ..numbers import split_code

#: Pattern of a classification code: 类 (3 digits), 款 (5) or 项 (7).
CODE_PATTERN = r"^[0-9]{3}([0-9]{2}){0,2}$"


@dataclass(frozen=True)
class PackageOptions:
    """What the publisher says about the package: its name, license and creation date."""

    name: str
    created: str
    license_id: str = "CC-BY-4.0"


#: Open licenses a bundle may carry: SPDX id → (title, URL).
LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0",
                 "https://opendatacommons.org/licenses/odbl/1-0/"),
}


#: A JSON object of a descriptor or a schema.
JSON = dict[str, Any]


def _csv(header: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _field(name: str, type_: str, zh: str, en: str, **extra: object) -> JSON:
    return {"name": name, "type": type_, "title": f"{zh} / {en}",
            "description": extra.pop("description", f"{zh}。{en}."), **extra}


def _name(key: str) -> str:
    return key.replace("-", "_")


def printed_rows(table: BudgetTable) -> list[dict[str, Row]]:
    """The table's rows as printed: in a two-sided table the revenue and expenditure rows
    printed on one line form one row (keyed by side); otherwise each row is its own."""
    out: list[dict[str, Row]] = []
    for row in table.rows:
        if row.side and out and row.side not in out[-1] and \
                all((r.source.line, r.source.page) == (row.source.line, row.source.page)
                    for r in out[-1].values()):
            out[-1][row.side] = row
        else:
            out.append({row.side or "": row})
    return out


def _unit_names(symbol: str | None) -> tuple[str, str]:
    """How a table's unit is named in the descriptions (zh, en); none is guessed."""
    if symbol is None:
        return "未注明", "no stated unit"
    return symbol, units.unit(symbol).en


@dataclass(frozen=True)
class _CsvColumn:
    """A column of a table's CSV: its Table Schema field, and its value in a printed row
    (the row's parts by side)."""

    field: JSON
    value: Callable[[dict[str, Row]], object]


SIDES: tuple[Side, ...] = get_args(Side)
_SIDE_ZH = {"revenue": "收入", "expenditure": "支出", None: ""}


def _stub(row: Row | None, name: str) -> str | None:
    return getattr(row, name) if row is not None else None


def _extra(part: Callable[[dict[str, Row]], Row | None], key: str, by_side: dict[str, Row]) -> str | None:
    row = part(by_side)
    return row.extra_labels.get(key) if row is not None else None


def _side_columns(table: BudgetTable, side: str | None, coded: bool, extras: list[str],
                  unit_zh: str, unit_en: str) -> list[_CsvColumn]:
    """The CSV columns of one side of a table: code, label, extra names, then its amounts."""
    prefix, side_zh = (f"{side}_" if side else ""), _SIDE_ZH[side]

    def part(by_side: dict[str, Row]) -> Row | None:
        return by_side.get(side or "")

    out = []
    if coded:
        out.append(_CsvColumn(_field(f"{prefix}code", "string", f"{side_zh}科目编码", "classification code",
                                     constraints={"pattern": CODE_PATTERN}),
                              lambda r: _stub(part(r), "code")))
    out.append(_CsvColumn(_field(f"{prefix}label", "string", f"{side_zh}项目", "item as published"),
                          lambda r: _stub(part(r), "label")))
    for key in extras if not side else []:
        out.append(_CsvColumn(_field(_name(key), "string", key, key),
                              functools.partial(_extra, part, key)))
    for column in (c for c in table.columns if c.side == side):
        def amount(r: dict[str, Row], key: str = column.key) -> str | None:
            row = part(r)
            found = row.amount(key) if row else None
            return _number(found.value) if found else None
        out.append(_CsvColumn(_field(_name(column.key), "number", column.label, column.key,
                                     description=f"{column.label}（{unit_zh}），按公布数字。"
                                                 f"Column '{column.label}', in {unit_en}, "
                                                 "exactly as published."), amount))
    if any(row.unplaced for row in table.rows if row.side == side):
        out.append(_CsvColumn(
            _field(f"{prefix}unplaced", "string", f"{side_zh}未定栏目的金额", "amounts in no column",
                   description=f"该行印出、但无法确定栏目的金额（{unit_zh}），以空格分隔，不属于任何栏目。"
                               f"Amounts printed in the row whose column cannot be told, in "
                               f"{unit_en}, separated by spaces; they belong to no column."),
            lambda r: (" ".join(_number(u.amount.value) or "" for u in row.unplaced) or None
                       if (row := part(r)) else None)))
    return out


def _table_resource(table: BudgetTable) -> tuple[JSON, bytes]:
    """A table as published: stub columns, then one number column per published column; a
    two-sided table keeps its revenue and expenditure halves side by side."""
    unit_zh, unit_en = _unit_names(table.unit)
    sides: list[Side | None] = [s for s in SIDES if any(c.side == s for c in table.columns)] or [None]
    coded = any(r.code for r in table.rows)
    extras = sorted({k for r in table.rows for k in r.extra_labels})
    columns = [column for side in sides
               for column in _side_columns(table, side, coded, extras, unit_zh, unit_en)]
    fields = [_field("row", "integer", "行号", "row number", constraints={"required": True}),
              *(c.field for c in columns)]
    rows = [[number, *(c.value(by_side) for c in columns)]
            for number, by_side in enumerate(printed_rows(table), 1)]
    schema: JSON = {"fields": fields, "primaryKey": ["row"]}
    if coded:
        code_field = f"{sides[0]}_code" if sides[0] else "code"
        schema["foreignKeys"] = [{"fields": code_field, "reference": {"resource": "codes", "fields": "code"}}]
    note = f" {table.empty_note.text}" if table.empty_note else ""
    resource = {
        "name": _name(table.id), "path": f"tables/{table.id}.csv", "profile": "tabular-data-resource",
        "title": table.title, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "description": f"《{table.title}》，单位：{unit_zh}，见源文件第{table.source.line}行。{note}"
                       f" The table as published, amounts in {unit_en}.",
        "schema": schema,
    }
    return resource, _csv([f["name"] for f in fields], rows)


def _codes(d: Disclosure) -> tuple[JSON, bytes]:
    year = d.meta.fiscal_year or 0
    seen: dict[str, list[object]] = {}
    for table in d.tables:
        for row in table.rows:
            if not row.code or row.code in seen:
                continue
            scheme = classification_for(row.code)
            listed = scheme.at(row.code, year)
            parts = split_code(row.code)
            seen[row.code] = [row.code, scheme.id, row.level, listed[0].zh if listed else row.name,
                              listed[0].en if listed else None, "true" if listed else "false",
                              "".join(parts[:-1]) if len(parts) > 1 else None]
    fields = [
        _field("code", "string", "科目编码", "code", constraints={"required": True, "unique": True,
                                                           "pattern": CODE_PATTERN}),
        _field("classification", "string", "分类", "classification",
               constraints={"enum": ["function", "econ-dept", "econ-gov"]}),
        _field("level", "string", "级次", "level", constraints={"enum": ["类", "款", "项"]}),
        _field("name_zh", "string", "科目名称", "name (Chinese)"),
        _field("name_en", "string", "英文名称", "name (English)"),
        _field("in_code_list", "boolean", "在代码表中", f"in the {year} code list"),
        _field("parent", "string", "上级科目", "parent code"),
    ]
    resource = {
        "name": "codes", "path": "codes.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "title": "科目编码 / Classification codes used",
        "description": f"本文件使用的政府收支分类科目编码（{year}年代码表）。The classification codes "
                       "the tables use, with their names in the year's code list.",
        "schema": {"fields": fields, "primaryKey": ["code"],
                   "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "code"}}]},
    }
    rows = sorted(seen.values(), key=lambda r: str(r[0]))
    present = {r[0] for r in rows}
    for r in rows:  # a parent the tables do not list stays empty rather than dangle
        if r[6] not in present:
            r[6] = None
    return resource, _csv([f["name"] for f in fields], rows)


def _tables(d: Disclosure) -> tuple[JSON, bytes]:
    fields = [
        _field("table", "string", "表格", "table id", constraints={"required": True, "unique": True}),
        _field("kind", "string", "表格类型", "table kind"),
        _field("title", "string", "标题", "title as published"),
        _field("number", "string", "编号", "number as published"),
        _field("unit", "string", "金额单位", "unit of amounts", constraints={"enum": list(units.symbols())}),
        _field("empty_note", "string", "无数据说明", "'no data' note"),
        _field("source_page", "integer", "页码", "page"),
        _field("source_line", "integer", "行号", "line"),
    ]
    rows = [[t.id, t.kind, t.title, t.number, t.unit, t.empty_note.text if t.empty_note else None,
             t.source.page, t.source.line] for t in d.tables]
    resource = {"name": "tables", "path": "tables.csv", "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "title": "表格 / Tables", "description": "本文件的预算表。The budget tables of the disclosure.",
                "schema": {"fields": fields, "primaryKey": ["table"]}}
    return resource, _csv([f["name"] for f in fields], rows)


def _facts(d: Disclosure) -> tuple[JSON, bytes]:
    unit_label = d.meta.unit.name if d.meta.unit else None
    fields = [
        _field("table", "string", "表格", "table id", constraints={"required": True}),
        _field("row", "integer", "行号", "row number in the table's CSV", constraints={"required": True}),
        _field("function_code", "string", "功能分类科目编码", "function classification code",
               constraints={"pattern": "^2[0-9]{2}([0-9]{2}){0,2}$"},
               columnType="functional-classification:generic:code"),
        _field("economic_code", "string", "经济分类科目编码", "economic classification code",
               constraints={"pattern": "^[35][0-9]{2}([0-9]{2})?$"},
               columnType="economic-classification:generic:code"),
        _field("row_label", "string", "项目", "row as published"),
        _field("side", "string", "收支", "revenue or expenditure", constraints={"enum": ["revenue", "expenditure"]}),
        _field("position", "integer", "序号", "the amount's number within its printed row: the "
               "amounts in columns in column order, then those in no column in printed order",
               constraints={"required": True}),
        _field("column", "string", "列", "column key; empty when the amount's column cannot be told"),
        _field("column_path", "string", "列名", "column header as published"),
        _field("possible_columns", "string", "可能的列", "for an amount in no column, the keys of "
               "the columns it may stand in, separated by spaces"),
        _field("amount", "number", "金额（公布单位）", "amount in the published unit",
               constraints={"required": True}),
        _field("unit", "string", "单位", "published unit", constraints={"enum": list(units.symbols())}),
        _field("amount_yuan", "number", "金额（元）", "amount in yuan", columnType="value"),
        _field("fiscal_year", "year", "预算年度", "fiscal year", columnType="date:fiscal-year"),
        _field("organization", "string", "单位", "budget unit",
               columnType="administrative-classification:generic:label"),
        _field("source_page", "integer", "页码", "page in the source"),
        _field("source_line", "integer", "行号", "line in the source"),
    ]
    rows = []
    for table in d.tables:
        for number, by_side in enumerate(printed_rows(table), 1):
            facts: list[tuple[Row, str | None, str | None, str | None, Amount]] = [
                (row, column.key, column.label, None, amount) for row in by_side.values()
                for column in table.columns if column.side == row.side
                if (amount := row.amount(column.key)) is not None]
            facts += [(row, None, None, " ".join(u.columns), u.amount)
                      for row in by_side.values() for u in row.unplaced]
            for position, (row, key, label, possible, amount) in enumerate(facts, 1):
                code = row.code or ""
                rows.append([table.id, number,
                             code if code.startswith("2") else None,
                             code if code[:1] in ("3", "5") else None, row.label, row.side,
                             position, key, label, possible, _number(amount.value), amount.unit,
                             _number(amount.in_yuan()), d.meta.fiscal_year, unit_label,
                             amount.source.page, amount.source.line])
    resource = {
        "name": "facts", "path": "facts.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "title": "全部金额 / All amounts",
        "description": "每个金额一行：所在表格、行、列、公布数字与单位、折合元、源文件位置；无法确定栏目的金额"
                       "列为空，并列出它可能所在的列。One row per amount: table, row, column, the "
                       "amount as published with its unit, the amount in yuan, and where it "
                       "stands in the source; an amount whose column cannot be told has no "
                       "column, and lists the columns it may stand in.",
        "schema": {"fields": fields, "primaryKey": ["table", "row", "position"],
                   "foreignKeys": [
                       {"fields": "table", "reference": {"resource": "tables", "fields": "table"}},
                       {"fields": "function_code", "reference": {"resource": "codes", "fields": "code"}},
                       {"fields": "economic_code", "reference": {"resource": "codes", "fields": "code"}}]},
    }
    return resource, _csv([f["name"] for f in fields], rows)


def display_title(d: Disclosure) -> str:
    """A title that tells the disclosure apart in a list: the published title, with the
    unit's name added when the title is the collection's (``某区2026年区级部门预算``)."""
    unit = d.meta.unit.name if d.meta.unit else d.source.name
    title = d.meta.title
    if not title:
        return f"{unit}{d.meta.fiscal_year or ''}年预算公开"
    return title if unit in title else f"{title}（{unit}）"


def build_package(d: Disclosure, options: PackageOptions) -> dict[str, bytes]:
    """File name → content of the data package (``datapackage.json`` and its CSVs)."""
    files: dict[str, bytes] = {}
    resources = []
    for resource, data in (_tables(d), _codes(d), _facts(d)):
        resources.append(resource)
        files[resource["path"]] = data
    for table in d.tables:
        resource, data = _table_resource(table)
        resources.append(resource)
        files[resource["path"]] = data
    meta = d.meta
    unit = meta.unit.name if meta.unit else d.source.name
    year = meta.fiscal_year
    title_zh = display_title(d)
    descriptor = {
        "profile": "tabular-data-package",
        "name": options.name,
        "title": title_zh,
        "titles": {"zh": title_zh, "en": f"Budget disclosure of {unit}, {year or 'year unknown'}"},
        "description": f"{unit}{year or ''}年{meta.kind or '预算'}公开的全部预算表，每个金额均按公布数字和单位，"
                       f"并注明源文件中的位置。All budget tables of the {year or ''} budget "
                       f"disclosure of {unit}, every amount exactly as published, with its "
                       "location in the source file. Made with budgetld.",
        "version": __version__,
        "created": options.created if "T" in options.created else f"{options.created}T00:00:00Z",
        "keywords": ["预算公开", "部门预算" if meta.kind == "部门预算" else "单位预算", "budget",
                     "China", *(x for x in (meta.region.province, meta.region.city, meta.region.county) if x),
                     *([str(year)] if year else [])],
        "licenses": [{"name": options.license_id, "title": LICENSES[options.license_id][0],
                      "path": LICENSES[options.license_id][1]}],
        "sources": [{"title": d.source.name, "path": d.source.name, "sha256": d.source.sha256,
                     "description": f"{d.source.form}, {d.source.encoding or 'binary'}"}],
        "contributors": [{"title": unit, "role": "publisher"},
                         {"title": "budgetld", "role": "wrangler", "path": "https://w3id.org/budgetld"}],
        "temporal": {"start": f"{year}-01-01", "end": f"{year}-12-31"} if year else None,
        "spatial": " ".join(x for x in (meta.region.province, meta.region.city, meta.region.county) if x) or None,
        "resources": resources,
    }
    descriptor = {k: v for k, v in descriptor.items() if v is not None}
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
    return files
