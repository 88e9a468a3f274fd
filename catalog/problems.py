"""What a contributor is told when a practice file is wrong: one line per problem,
naming the file, the line, the field, what is wrong and how to fix it, in
English, French or Spanish.

Messages are written in English where the checks are made. Their translations
live in locales/problems.<language>.json, each English template (with `{name}`
where a value goes) beside its translation; the texts a message quotes from the
schema (its hints) are translated in the schema itself. A message is translated
by finding the template it was made from; the values it holds are translated in
turn when they are themselves messages ("a whole number", 'the text "x"')."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path as the contributor sees it, e.g. practices/dakar.md
    line: int  # 1-based line in that file
    field: str  # e.g. "themes[2]", "sources[1].date", "file name", "body"
    message: str  # a plain sentence: what is wrong
    hint: str = ""  # a plain sentence: how to fix it

    def __str__(self) -> str:
        return self.text()

    def text(self, language: str = "en") -> str:
        """The problem on one line, its message and hint in `language`."""
        message, hint = translated(self.message, language), translated(self.hint, language)
        text = f"{self.file}:{self.line}: {self.field}: {message}"
        return f"{text} {hint}" if hint else text

    def github(self, language: str = "en") -> str:
        """The problem as a GitHub Actions annotation on the file and line."""
        text = f"{self.field}: {translated(self.message, language)} {translated(self.hint, language)}".strip()
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


@cache
def translations(language: str) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """The messages of a language: exact texts, and templates as patterns to match."""
    from .schema import help_texts  # the schema's hints, in the same form

    path = LOCALES / f"problems.{language}.json"
    entries = {**help_texts(language), **(json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {})}
    exact = {english: text for english, text in entries.items() if not PLACEHOLDER.search(english)}
    # The most specific first: the one with the most words of its own, whatever its placeholders are called.
    english_templates = sorted((english for english in entries if PLACEHOLDER.search(english)), key=lambda english: -len(PLACEHOLDER.sub("", english)))
    return exact, [(pattern_of(english), entries[english]) for english in english_templates]


def pattern_of(template: str) -> re.Pattern:
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts += [re.escape(template[position : match.start()]), f"(?P<{match[1]}>.*?)"]
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.S)


def translation(text: str, language: str) -> str | None:
    """`text` in `language`, or None when no template of that language made it."""
    if language == "en" or not text:
        return text
    exact, templates = translations(language)
    if text in exact:
        return exact[text]
    for pattern, target in templates:
        if match := pattern.fullmatch(text):
            return target.format(**{name: translated(value, language) for name, value in match.groupdict().items()})
    return None


def translated(text: str, language: str) -> str:
    """`text` in `language` where a translation exists, else as it is."""
    found = translation(text, language)
    return text if found is None else found
