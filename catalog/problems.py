"""What a contributor is told when a practice file is wrong: one line per problem,
naming the file, the line, the field, what is wrong and how to fix it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path as the contributor sees it, e.g. practices/dakar.md
    line: int  # 1-based line in that file
    field: str  # e.g. "themes[2]", "sources[1].date", "file name", "body"
    message: str  # a plain sentence: what is wrong
    hint: str = ""  # a plain sentence: how to fix it

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text

    def github(self) -> str:
        """The problem as a GitHub Actions annotation on the file and line."""
        text = f"{self.field}: {self.message} {self.hint}".strip()
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::error file={file},line={self.line},title=Practice format::{text}"


class InvalidPractices(Exception):
    """Raised when the catalog cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def field_name(path: tuple) -> str:
    """("sources", 0, "date") -> "sources[1].date": items are counted from 1,
    as a person counts them."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "front matter"


def shown(value: object, limit: int = 40) -> str:
    """A short, safe rendering of a contributor's value for a message. Lists and
    groups are never printed: they may be huge or hostile."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return json.dumps(text, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return str(value)[:limit]
    if isinstance(value, list):
        return "a list"
    return "a group of fields"


def shown_path(path: Path, root: Path) -> str:
    """A file as messages name it: relative to the project, e.g. practices/dakar.md."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
