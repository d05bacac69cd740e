"""State shared by the parse steps of one document: the knowledge, source refs, warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..layouts import Family, Knowledge
from ..model import ParseWarning, SourceRef
from ..read.blocks import Line
from ..warning_codes import WarningCode


@dataclass
class ParseContext:
    file: str
    knowledge: Knowledge
    family: Family
    warnings: list[ParseWarning] = field(default_factory=list)

    def ref(self, first: Line, last: Line | None = None) -> SourceRef:
        """Source location of a line (or of a range of lines; a box only for one line)."""
        end = last.number if last is not None and last.number != first.number else None
        box = first.box if last is None or last == first else None
        return SourceRef(file=self.file, line=first.number, line_end=end, page=first.page,
                         sheet=first.sheet, box=box)

    def warn(self, code: WarningCode, line: Line | None = None, last: Line | None = None,
             **params: object) -> None:
        """Report ``code`` (with the parameters its messages name) at ``line``; the same
        warning at the same place is reported once."""
        self.report(code, params, line, last)

    def report(self, code: WarningCode, params: Mapping[str, object], line: Line | None = None,
               last: Line | None = None) -> None:
        """:meth:`warn` with the parameters as a mapping (a reader's warning)."""
        texts = {name: str(value) for name, value in params.items()}
        zh, en = code.messages(texts)
        warning = ParseWarning(code=code.code, params=texts, message_zh=zh, message_en=en,
                               source=self.ref(line, last) if line is not None else None)
        if warning not in self.warnings:
            self.warnings.append(warning)
