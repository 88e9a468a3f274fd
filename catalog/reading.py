"""Reading a practice file strictly: bytes to text, front matter to values with the
line of every field, and the body. Nothing here guesses silently: whatever cannot be
read becomes a Problem with its line.

YAML is read from its event stream, not through PyYAML's constructor, so that
aliases are refused before they can expand, duplicate keys are caught with both
lines, nesting is bounded, and every value is typed by what the schema expects at
its place: `country: NO` stays the text "NO", `last_reviewed: 2021-02-25` stays the
text "2021-02-25", and `start_year: 2018` becomes the number 2018.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, field_name
from .schema import Shape, practice_shape
from .story import Story
from .text import plain as plain_text

try:  # libyaml's parser is several times faster than the pure-Python one
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 6  # the schema needs 3 (partners -> item -> name); more is a mistake or an attack
NULLS = {"", "~", "null", "Null", "NULL"}
INTEGER = re.compile(r"[-+]?[0-9]+")
NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
FENCE = re.compile(r"^---[ \t]*$", re.M)  # the line that opens and closes the fields
# Characters no practice needs and that hurt when they pass: control characters
# (one breaks the site generator's front-matter reading, others break the feed),
# lone surrogates (from YAML escapes such as "\ud800"), line separators, and the
# bidirectional overrides that make text read differently from what it holds.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_DIGITS = 18  # a longer number is a mistake, and past 4,300 digits Python refuses to read it


@dataclass
class Document:
    """A practice file as read: front matter values, their lines, and the body."""

    path: Path
    shown_path: str  # how messages name the file, e.g. practices/dakar.md
    meta: dict = field(default_factory=dict)
    lines: dict[tuple, int] = field(default_factory=dict)  # field path -> line
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    problems: list[Problem] = field(default_factory=list)
    story: Story | None = None  # the body as the site shows it, once rendered and checked

    def line_of(self, path: tuple) -> int:
        """The line of a field, or of the nearest enclosing field that exists."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: tuple | str, message: str, hint: str = "", line: int | None = None) -> None:
        name = path if isinstance(path, str) else field_name(path)
        if line is None:
            line = self.line_of(path) if isinstance(path, tuple) else 1
        self.problems.append(Problem(self.shown_path, line, name, message, hint))


def read_bytes(path: Path) -> bytes:
    """A file's bytes, up to one more than a file may hold."""
    with open(path, "rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def read_document(path: Path, shown_path: str, shape: Shape | None = None, raw: bytes | None = None) -> Document:
    """Read one practice file (or, given the actor schema's shape, an actor file),
    or the bytes already read from it; problems are collected on the returned Document."""
    doc = Document(path, shown_path)
    if raw is None:
        raw = read_bytes(path)
    if len(raw) > MAX_FILE_BYTES:
        doc.problem(
            "file",
            f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB.",
            "A practice is a short text: shorten it and link to longer material in sources.",
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is harmless
    except UnicodeDecodeError as error:
        doc.problem(
            "file",
            "the file is not saved as UTF-8 text.",
            "Save it again choosing the UTF-8 encoding (in most editors: Save as, then Encoding).",
            line=raw[: error.start].count(b"\n") + 1,
        )
        return doc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if forbidden := FORBIDDEN.search(text):
        line = text.count("\n", 0, forbidden.start()) + 1
        where = current_line_field(text, forbidden.start()) if in_front_matter(text, forbidden.start()) else "body"
        doc.problem(where, *character_message(forbidden.group()), line=line)
        return doc
    if not text.strip():
        doc.problem("file", "the file is empty.", "Start from the practice template in the Contribute guide.")
        return doc
    split_front_matter(doc, text, shape or practice_shape())
    return doc


def in_front_matter(text: str, position: int) -> bool:
    fences = [match.start() for match, _ in zip(FENCE.finditer(text), range(2))]
    return bool(fences) and fences[0] == 0 and (len(fences) < 2 or position < fences[1])


def split_front_matter(doc: Document, text: str, shape: Shape) -> None:
    lines = text.split("\n")
    if not FENCE.match(lines[0]):
        doc.problem(
            "front matter",
            "the file must start with a line of three dashes (---) followed by the practice's fields.",
            "Put --- on the first line, the fields below it, and another --- line before the text.",
        )
        return
    closing = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if closing is None:
        doc.problem(
            "front matter",
            "the fields are never closed by a second line of three dashes (---).",
            "Add a line with just --- after the last field and before the text.",
        )
        return
    doc.body = "\n".join(lines[closing + 1 :])
    doc.body_line = closing + 2
    read_fields(doc, "\n".join(lines[1:closing]) + "\n", 2, shape)


# --- front matter -------------------------------------------------------------


class Refused(Exception):
    """The front matter uses a YAML feature practices never need."""

    def __init__(self, line: int, field: str, message: str, hint: str):
        self.line, self.field, self.message, self.hint = line, field, message, hint


def read_fields(doc: Document, text: str, first_line: int, shape: Shape) -> None:
    duplicates: list[tuple[int, str, int]] = []
    try:
        root, root_line = compose(text, first_line, doc.lines, duplicates, shape)
    except Refused as refusal:
        doc.problem(refusal.field, refusal.message, refusal.hint, line=refusal.line)
        return
    except yaml.MarkedYAMLError as error:
        doc.problems.append(syntax_problem(doc.shown_path, error, text, first_line))
        return
    except yaml.reader.ReaderError as error:  # a character YAML does not accept
        doc.problem(
            current_line_field(text, error.position),
            *character_message(chr(error.character) if isinstance(error.character, int) else str(error.character)),
            line=text.count("\n", 0, error.position) + first_line,
        )
        return
    if root is None:
        doc.problem("front matter", "there are no fields between the two --- lines.", "Fill in the fields of the practice template.")
        return
    if not isinstance(root, dict):
        doc.problem(
            "front matter",
            "the lines between the two --- lines must be fields written as \"name: value\".",
            "Start each field on its own line, for example: city: Dakar",
            line=root_line,
        )
        return
    for line, key, first in duplicates:
        doc.problem(key, f"this field is written twice, on line {first} and on line {line}.", "Keep one of them and delete the other.", line=line)
    doc.meta = root


class Frame:
    """A mapping or list being read, with the schema shape expected for it."""

    __slots__ = ("value", "is_mapping", "shape", "path", "key", "key_line")

    def __init__(self, value: dict | list, shape: Shape | None, path: tuple):
        self.value, self.shape, self.path = value, shape, path
        self.is_mapping = isinstance(value, dict)
        self.key: str | None = None  # in a mapping: the key waiting for its value
        self.key_line = 0

    def expected(self) -> Shape | None:
        """The shape of the next value to be put in this mapping or list."""
        if self.shape is None:
            return None
        if self.is_mapping:
            return self.shape.fields.get(self.key)
        return self.shape.item(len(self.value))

    def put(self, value: object, line: int, lines: dict) -> tuple:
        """Add a value (not a key) and return its path."""
        if self.is_mapping:
            key, self.key = self.key, None
            path = self.path + (key,)
            if key not in self.value:  # for a key written twice, the first one counts
                self.value[key] = value
                lines[path] = self.key_line
            return path
        path = self.path + (len(self.value),)
        self.value.append(value)
        lines[path] = line
        return path


def compose(text: str, first_line: int, lines: dict, duplicates: list, shape: Shape) -> tuple[object, int]:
    """Read the YAML event stream into Python values in one pass, typing each
    scalar by the schema shape at its place and recording the line of every field
    and item in `lines`. Aliases, anchors, tags and deep nesting are refused as soon
    as they are seen; a key written twice is noted in `duplicates` as (line, key,
    first line), and its first value is kept."""
    stack: list[Frame] = []
    root: object = None
    root_line = first_line
    for event in yaml.parse(text, Loader=Loader):
        kind = type(event)
        if kind is MAPPING_END or kind is SEQUENCE_END:
            stack.pop()
            continue
        if kind in SKIPPED:
            continue
        line = event.start_mark.line + first_line
        if kind is ALIAS or event.anchor:
            raise Refused(line, current_field(stack), "the & and * shortcuts (anchors and aliases) are not allowed in a practice.", "Write each value out in full.")
        if event.tag not in (None, "!"):
            raise Refused(line, current_field(stack), TAG_MESSAGE, TAG_HINT)
        frame = stack[-1] if stack else None
        if kind is SCALAR:
            if frame is None:
                root, root_line = event.value, line
            elif frame.is_mapping and frame.key is None:  # a key
                key = event.value
                if key in frame.value:
                    duplicates.append((line, key, lines[frame.path + (key,)]))
                frame.key, frame.key_line = key, line
            else:
                if forbidden := FORBIDDEN.search(event.value):  # written as a YAML escape, such as "\x01"
                    raise Refused(line, current_field(stack), *character_message(forbidden.group()))
                frame.put(scalar(event.value, event.style in PLAIN, frame.expected()), line, lines)
            continue
        # the start of a mapping or a list
        if len(stack) >= MAX_DEPTH:
            raise Refused(line, current_field(stack), "the fields are nested too deeply.", "Practices use at most a list of groups of fields, like partners or sources.")
        container: dict | list = {} if kind is MAPPING_START else []
        if frame is None:
            root, root_line = container, line
            stack.append(Frame(container, shape, ()))
        elif frame.is_mapping and frame.key is None:
            raise Refused(line, current_field(stack), "a field name must be a simple word.", 'Write fields as "name: value".')
        else:
            shape = frame.expected()
            stack.append(Frame(container, shape, frame.put(container, line, lines)))
    return root, root_line


MAPPING_START, MAPPING_END, SEQUENCE_END = yaml.MappingStartEvent, yaml.MappingEndEvent, yaml.SequenceEndEvent
SCALAR, ALIAS = yaml.ScalarEvent, yaml.AliasEvent
SKIPPED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)
PLAIN = (None, "")  # the style of an unquoted scalar: libyaml says "", PyYAML None
def current_line_field(text: str, position: int) -> str:
    """The top-level field at a position of the front matter, for messages."""
    for line in reversed(text[:position].split("\n")):
        if match := TOP_LEVEL_KEY.match(line):
            return match.group(1)
    return "front matter"


def character_message(character: str) -> tuple[str, str]:
    """What to say of a forbidden character: message and hint."""
    code = f"U+{ord(character):04X}"
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return (f"the text contains an invisible direction mark ({code}) that makes it read differently from what it holds.", "Delete it; type the text again if it was copied from elsewhere.")
    return (f"the text contains an invisible control character ({code}).", "Delete it; such characters often come with text copied from a PDF or a word processor.")


TAG_MESSAGE = "markers starting with ! (such as !!python or !!str) are not allowed in a practice."
TAG_HINT = "Remove the marker and write the value as plain text."


def current_field(stack: list[Frame]) -> str:
    """The top-level field being read, for messages raised mid-stream."""
    if not stack or not isinstance(stack[0].value, dict):
        return "front matter"
    top = stack[0]
    if top.key is not None:
        return top.key
    return next(reversed(top.value), "front matter") if top.value else "front matter"


def scalar(text: str, plain: bool, shape: Shape | None) -> object:
    """A scalar as the schema expects it at its place: "2018" is a number where a
    year is expected and stays text where a name is. Text is read as the site
    shows it (text.plain): two spaces or a thin space are one space, so that the
    validator checks what the pages will carry."""
    if plain and text in NULLS:
        return None
    if shape is not None and shape.numeric and len(text.strip().lstrip("+-")) <= MAX_DIGITS:
        if INTEGER.fullmatch(text.strip()):
            return int(text)
        if "number" in shape.types and NUMBER.fullmatch(text.strip()):
            return float(text)
    return plain_text(text)


# --- YAML syntax errors, in plain words -------------------------------------------

KEY_AT_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")

SYNTAX_HINTS = (
    ("'\\t'", "a tab is used to indent this line.", "Indent with spaces only, never tabs."),
    ("tab", "a tab is used to indent this line.", "Indent with spaces only, never tabs."),
    (
        "invalid unicode character escape",
        "this value holds an escape (such as \\ud800) for a character that does not exist.",
        "Write the character itself, or delete the escape.",
    ),
    (
        "mapping values are not allowed",
        "this line has a colon (:) where a value was expected.",
        'If the value itself contains ": ", put the whole value in double quotes, like title: "Dakar: city diplomacy".',
    ),
    (
        "could not find expected ':'",
        "a line here is neither a field (\"name: value\") nor a list item (\"- value\").",
        "Check that each field name is followed by a colon and that list items start with \"- \".",
    ),
    (
        "found unexpected end of stream",
        "a quotation mark is opened but never closed.",
        "Close the quotes at the end of the value, or remove them.",
    ),
    (
        "did not find expected key",
        "the indentation of this line does not match the lines around it.",
        "Line it up with the other fields of the same level, using spaces.",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is not lined up with the other items.",
        "Start every item of the list with \"- \" at the same indentation.",
    ),
    (
        "found character that cannot start any token",
        "this line starts with a character that cannot begin a value (such as @ or `).",
        "Put the value in double quotes.",
    ),
    (
        "block sequence entries are not allowed",
        "a list item (\"- \") appears where a value was expected.",
        "Start the list on the line below the field name, each item on its own line.",
    ),
)


def syntax_problem(shown_path: str, error: yaml.MarkedYAMLError, text: str, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    source_lines = text.split("\n")
    index = min(mark.line if mark else 0, len(source_lines) - 1)
    problem_text = f"{error.problem or ''} {error.context or ''}".lower()
    message, hint = (
        "the fields cannot be read here.",
        "Check the spacing, colons and quotes on this line; compare with the practice template.",
    )
    for needle, known_message, known_hint in SYNTAX_HINTS:
        if needle in problem_text:
            message, hint = known_message, known_hint
            break
    # The parser often notices a mistake a line or more after it was made; look back
    # for the line a person would fix.
    previous = next((i for i in range(index - 1, -1, -1) if source_lines[i].strip() and not source_lines[i].lstrip().startswith("#")), None)
    if "end of stream" in problem_text or "unexpected end" in problem_text:
        opened = next((i for i, line in enumerate(source_lines) if line.count('"') % 2 or line.count("'") % 2 == 1 and ": '" in line), None)
        if opened is not None:
            index = opened
    elif "could not find expected ':'" in problem_text:
        # A field name without its colon reads on, with the lines below it, as one
        # value until the next field: the parser stops there. Name the line to fix.
        top = next((i for i in range(index - 1, -1, -1) if source_lines[i].strip() and not source_lines[i][0].isspace() and not source_lines[i].startswith("#")), None)
        if top is not None and not KEY_AT_LINE.match(source_lines[top]) and not source_lines[top].lstrip().startswith("-"):
            index = top
            message, hint = "this line is not a field: the colon (:) after the field name is missing.", 'Write it as "name: value", for example: city: Dakar'
    elif "mapping values are not allowed" in problem_text and previous is not None:
        line, before = source_lines[index], source_lines[previous]
        indent = len(line) - len(line.lstrip())
        if not KEY_AT_LINE.match(before) and not before.lstrip().startswith("-"):
            index = previous
            message, hint = "this line is not a field: the colon (:) after the field name is missing.", "Write it as \"name: value\", for example: city: Dakar"
        elif indent > len(before) - len(before.lstrip()) and not before.rstrip().endswith(":"):
            message, hint = "this line is indented more than the field above it.", "Start it at the same column as the other fields."
    if "\t" in source_lines[index][: len(source_lines[index]) - len(source_lines[index].lstrip()) + 1]:
        message, hint = SYNTAX_HINTS[0][1], SYNTAX_HINTS[0][2]
    key = None
    if message.startswith("this line is not a field") and (word := re.match(r"([A-Za-z_][A-Za-z0-9_]*)", source_lines[index])):
        key = word.group(1)  # the field whose colon is missing
    for candidate in range(index, -1, -1) if key is None else ():  # the top-level field this line belongs to
        if match := TOP_LEVEL_KEY.match(source_lines[candidate]):
            key = match.group(1)
            break
    if key is None and (word := re.match(r"\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)", source_lines[index])):
        key = word.group(1)
    return Problem(shown_path, index + first_line, key or "front matter", message, hint)
