"""What makes a practice valid: its file name, its fields against the JSON Schema,
the facts a schema cannot check (real country codes, real dates, years in order),
and the sections of its body. Every rule reports a Problem in plain words."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema_rs
import pycountry

from . import places, story
from . import schema as practice_schema
from .addresses import address_problem
from .i18n import LANGUAGES, Words
from .problems import Problem, shown, shown_path
from .safety import scheme_of
from .text import folded
from .reading import Document

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 80
RESERVED_SLUGS = {"index"}  # practices/index.md is the list of all practices
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".text"}
STRUCTURE = re.compile(r"^(?:(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t]*#*[ \t]*|[ ]{0,3}(?P<fence>`{3,}|~{3,}).*)$", re.M)


def is_slug(text: str) -> bool:
    """A name the site takes for a file (practices/<slug>.md, actors/<id>.md):
    lowercase letters, digits and single hyphens, at most MAX_SLUG of them."""
    return bool(SLUG.fullmatch(text)) and len(text) <= MAX_SLUG


def suggested_slug(name: str) -> str:
    """What a file name would look like as a slug: "Dakar Twinning.MD" -> "dakar-twinning"."""
    stem = name.split(".")[0] if not name.startswith(".") else name.lstrip(".").split(".")[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-") or "my-practice"


TRANSLATION = re.compile(r"(.+)\.([a-z]{2})\.md")


def translation_language(path: Path) -> str | None:
    """The language of a translation file (dakar.fr.md -> "fr"), or None."""
    match = TRANSLATION.fullmatch(path.name)
    return match.group(2) if match and match.group(2) in LANGUAGES else None


def stray_entry(path: Path, root: Path, kind: str = "practice") -> Problem | None:
    """Anything in practices/ (or actors/) that is not such a file would be silently
    skipped by the site generator: say so instead."""
    shown, folder = shown_path(path, root), f"{path.parent.name}/"
    mode = path.lstat().st_mode  # one look at the file, not one per question
    if stat.S_ISLNK(mode):
        return Problem(shown, 1, "file", f"this is a link to another file, not {'an' if kind[0] in 'aeiou' else 'a'} {kind}.", f"Put the {kind} itself in {folder} as a normal file.")
    if stat.S_ISDIR(mode):
        return Problem(shown, 1, "file", f"{folder} holds {kind} files only, not folders.", f"Move the {kind} files directly into {folder}.")
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return Problem(shown, 1, "file", f"only {kind} files (name.md) belong in {folder}.", "Remove this file or move it elsewhere.")
    return None


def check_file_name(doc: Document, translation: bool = False) -> None:
    name = doc.path.name
    slug = name.split(".")[0] if translation else name[:-3] if name.endswith(".md") else None
    if slug is None or not is_slug(slug):
        doc.problem(
            "file name",
            f"\"{name}\" is not a valid practice file name: use lowercase letters, digits and hyphens, ending in .md.",
            f"Rename it to \"{suggested_slug(name)}.md\".",
        )
    elif slug in RESERVED_SLUGS:
        doc.problem("file name", f"\"{name}\" is reserved for the list of practices.", "Give the practice a name of its own, such as dakar-city-diplomacy.md.")


# --- fields -------------------------------------------------------------------

@cache
def validator() -> jsonschema_rs.Validator:
    # jsonschema-rs checks the schema itself when compiling it, and validates a
    # practice in microseconds: the build reads thousands of them.
    return jsonschema_rs.validator_for(practice_schema.schema())


@dataclass(frozen=True)
class SchemaError:
    """One failed schema rule, described without any library's types."""

    keyword: str  # the JSON Schema keyword that failed: "required", "pattern", ...
    path: tuple  # where in the practice: ("sources", 0, "date")
    value: object  # the value found there
    rule: dict  # the (sub)schema holding the keyword
    root: dict | None = None  # the schema its references are read in: the practice schema unless another


TRANSLATED = ("title", "summary", "partners", "translated_from")  # what a translation holds beside its text


@cache
def translation_schema() -> dict:
    """What a translation must hold: the practice schema's title and summary, the
    version of the original it was made from, and, if the original's partners have
    notes, each partner by name with its note in the translation's language."""
    whole = practice_schema.schema()
    partner = whole["$defs"]["partner"]
    return {
        "$schema": whole["$schema"],
        "type": "object",
        "required": ["title", "summary", "translated_from"],
        "properties": {
            "title": whole["properties"]["title"],
            "summary": whole["properties"]["summary"],
            "translated_from": {"$ref": "#/$defs/translatedFrom"},
            "partners": {
                **{key: value for key, value in whole["properties"]["partners"].items() if key not in ("items", "examples")},
                "items": {
                    "title": partner["title"],
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "note"],
                    "properties": {name: partner["properties"][name] for name in ("name", "note")},
                },
            },
        },
        "$defs": whole["$defs"],
    }


def version_of(title: object, summary: object, body: str, notes: list) -> str:
    """The version of an original practice, as its translations record it
    (`translated_from`): a digest of what a translation translates, its title,
    summary, text and partners' notes. White space does not count."""
    parts = [str(title or ""), str(summary or ""), " ".join(body.split()), *(str(note or "") for note in notes)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:12]


def document_version(doc: Document) -> str:
    """The version of an original practice as read from its file."""
    partners = doc.meta.get("partners") if isinstance(doc.meta.get("partners"), list) else []
    return version_of(doc.meta.get("title"), doc.meta.get("summary"), doc.body, [p.get("note") if isinstance(p, dict) else None for p in partners])


@cache
def translation_validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(translation_schema())


def schema_errors(meta: dict, checker: jsonschema_rs.Validator | None = None, root: dict | None = None) -> list[SchemaError]:
    errors = []
    for error in (checker or validator()).iter_errors(meta):
        *where, keyword = error.schema_path
        rule = root or practice_schema.schema()
        for part in where:
            rule = rule[part]
        path = tuple(error.instance_path)
        errors.append(SchemaError(str(keyword), path, value_at(meta, path), rule, root))
    return errors


def value_at(meta: dict, path: tuple) -> object:
    value = meta
    for part in path:
        value = value[part]
    return value


def check_fields(doc: Document, today: datetime.date) -> set[tuple]:
    """Schema problems first; the checks a schema cannot make only on fields that
    passed it, so that one mistake gets one message. Returns the fields reported."""
    reported = report_schema_errors(doc, schema_errors(doc.meta))
    for path, message, hint in facts(doc.meta, today):
        if not any(path[: len(done)] == done for done in reported):
            doc.problem(path, message, hint)
    return reported


def report_schema_errors(doc: Document, errors: list[SchemaError]) -> set[tuple]:
    """Put the schema's errors on the document, one per field; returns those fields."""
    reported: set[tuple] = set()
    for error in sorted(errors, key=lambda e: (len(e.path), rank(e))):
        if any(error.path[: len(done)] == done for done in reported):
            continue  # a message on this field or on its parent says enough
        for problem_path, message, hint in explain(error):
            if problem_path in reported:
                continue
            reported.add(problem_path)
            doc.problem(problem_path, message, hint)
    return reported


def check_translation(doc: Document, original: Document, language: str, find_actor=None) -> None:
    """A translation holds a title, a summary, the partners' notes in its language
    and the version of the original it was made from; any other field must say what
    the original says, since the facts come from the original. `find_actor` (a
    name -> actor id function) tells which partner of the original a note is for."""
    original_name = original.path.name
    check_language(doc, original, language)
    reported = report_schema_errors(doc, schema_errors({k: v for k, v in doc.meta.items() if k in TRANSLATED}, translation_validator(), translation_schema()))
    if ("translated_from",) in reported and original.meta:
        say_version(doc, f'If you translated the original as it is now, write "translated_from: {document_version(original)}".')
    if ("partners",) not in reported and isinstance(doc.meta.get("partners"), list):
        check_translated_partners(doc, original, find_actor)
    known = list(practice_schema.schema()["properties"])
    for key, value in doc.meta.items():
        if key in TRANSLATED:
            continue
        if key not in known:
            doc.problem((key,), f'"{key[:40]}" is not a field of a practice.', did_you_mean(key, known, "field") or "A translation holds only a title, a summary, translated_from, its partners' notes and the text.")
        elif key == "language":
            if value != language:
                doc.problem((key,), f"the file name says this translation is in {language}, but this line says {shown(value)}.", "Delete this line: the file name gives the language.")
        elif value != (original.meta or {}).get(key):
            doc.problem(
                (key,),
                f"this says {shown(value)} but the original {original_name} says {shown((original.meta or {}).get(key))}.",
                "A translation takes its facts from the original: delete this line, and correct the original if it is wrong.",
            )


def say_version(doc: Document, hint: str) -> None:
    """A translation's `translated_from` missing or malformed: its problem's hint
    gives the version its original is at now, which the translator may copy."""
    doc.problems = [dataclasses.replace(problem, hint=hint) if problem.field == "translated_from" else problem for problem in doc.problems]


def check_language(doc: Document, original: Document, language: str) -> None:
    """A translation is in another language than its original."""
    written_in = original.meta.get("language", "en") if isinstance(original.meta.get("language"), str) else "en"
    if language == written_in:
        name = original.path.name
        doc.problem("file name", f"{name} is already written in this language.", f"Put this text in {name}, or name the file after the language it is in.")


def check_translated_partners(doc: Document, original: Document, find_actor) -> None:
    """Each partner of a translation is a partner of the original, named once, whose
    note it translates."""
    originals = [p for p in (original.meta or {}).get("partners") or [] if isinstance(p, dict) and isinstance(p.get("name"), str)]
    resolve = find_actor or (lambda name: name)
    ids = {resolve(p["name"]): p["name"] for p in originals if p.get("note")}
    seen: dict[object, int] = {}
    for index, partner in enumerate(doc.meta["partners"]):
        meant = resolve(partner["name"])
        if meant not in ids:
            named = ", ".join(ids.values())
            doc.problem(("partners", index, "name"), f'{shown(partner["name"])} is not a partner with a note in {original.path.name}.', f"A translation gives the notes of the original's partners: {named}." if named else f"{original.path.name} has no partner notes to translate: delete this list.")
        elif meant in seen:
            doc.problem(("partners", index, "name"), f'{shown(partner["name"])} is already given on line {seen[meant]}.', RULE_MESSAGES["uniqueItems.hint"])
        else:
            seen[meant] = doc.line_of(("partners", index, "name"))


# What a broken rule of the schema is called, one template per rule: the validator
# and the Propose-a-practice form (catalog.proposal) both say it in these words.
RULE_MESSAGES = {
    "required": "this required field is missing.",
    "minLength": "this is {length} long; it should be at least {limit}.",
    "maxLength": "this is {length} long; it should be at most {limit}.",
    "characters.one": "{count} character",
    "characters.other": "{count} characters",
    "minItems.one": "this list should have at least {limit} item.",
    "minItems.other": "this list should have at least {limit} items.",
    "maxItems": "this list has {count} items; the most is {limit}.",
    "uniqueItems": "{value} is listed twice.",
    "uniqueItems.hint": "Keep it once.",
    "range": "{value} is out of range: it should be between {minimum} and {maximum}.",
    "plain": "this must be plain text: the characters < and > are not allowed.",
    "pattern": "{value} is not {expected}.",
    "section": 'the section "## {heading}" is empty.',
    "section.hint": "Write a paragraph under it: {prompt}",
    "section.hint.optional": "Write a paragraph under it, or delete the heading: {prompt}",
    "type": "this should be {expected}, not {described}.",
    "integer": "a whole number",
    "text": "the text {value}",
    "country": "this required field is missing: an actor of this kind belongs to one country.",
    "years": "the end year {end} is before the start year {start}.",
    "years.hint": "Check both years.",
}


def field_hint(node: dict) -> str:
    """How to fill a field in: its hint, or, for a vocabulary without one, its values."""
    if hint := node.get("x-hint"):
        return hint
    return allowed(vocabulary) if (vocabulary := practice_schema.terms(node)) else ""


def rank(error: SchemaError) -> int:
    # "is empty" and "should be a list" explain more than what follows from them
    order = ("type", "required", "additionalProperties")
    return order.index(error.keyword) if error.keyword in order else len(order)


def explain(error: SchemaError) -> list[tuple[tuple, str, str]]:
    """One failed rule -> [(field path, message, hint)] for a person."""
    kind, path, value, rule = error.keyword, error.path, error.value, error.rule
    limit = rule.get(kind)
    hint = rule.get("x-hint", "")
    if kind == "required":
        missing = [name for name in limit if name not in value]
        return [
            (
                path + (name,),
                RULE_MESSAGES["required"],
                f'Add a line "{name}: ...". ' + field_hint(practice_schema.child(rule, name, error.root) or {}),
            )
            for name in missing
        ]
    if kind == "additionalProperties":
        known = list(rule.get("properties", {}))
        return [
            (path + (name,), f"a practice no longer gives {'a country' if name == 'country' else 'coordinates'}: {MOVED_TO_ACTOR[0]}", MOVED_TO_ACTOR[1])
            if name in ("country", "coordinates")
            else (path + (name,), f'"{name[:40]}" is not a field of a practice.', did_you_mean(name, known, "field") or f"Known fields here: {', '.join(known)}.")
            for name in value
            if name not in known
        ]
    if kind == "type":
        if value is None:
            return [(path, "this field is empty.", hint or "Fill it in, or delete the line.")]
        if limit in ("integer", "number") and isinstance(value, str) and re.fullmatch(r"\s*[-+]?[0-9]+\s*", value):
            return [(path, f"this number has {len(value.strip().lstrip('+-'))} digits, far too many.", hint)]
        expected = {"string": "text", "integer": RULE_MESSAGES["integer"], "number": "a number", "array": "a list", "object": "a group of fields"}
        return [(path, RULE_MESSAGES["type"].format(expected=expected.get(limit, limit), described=describe(value)), hint)]
    if kind == "oneOf" and (vocabulary := practice_schema.terms(rule)):
        what = rule.get("title", "value")
        labels = {(language, term.label_in(language)): term.value for language in LANGUAGES for term in vocabulary.values()}
        return [(path, f"{shown(value)} is not a known {what}.", did_you_mean(value, list(vocabulary), what, labels) or allowed(vocabulary))]
    if kind in ("minLength", "maxLength"):
        return [(path, RULE_MESSAGES[kind].format(length=characters(len(value)), limit=limit), hint)]
    if kind == "minItems":
        return [(path, RULE_MESSAGES["minItems.one" if limit == 1 else "minItems.other"].format(limit=limit), hint)]
    if kind == "maxItems":
        return [(path, RULE_MESSAGES[kind].format(count=len(value), limit=limit), hint)]
    if kind == "uniqueItems":
        seen, twice = set(), []
        for index, item in enumerate(value):
            key = repr(item)
            if key in seen:
                twice.append(index)
            seen.add(key)
        return [(path + (index,), RULE_MESSAGES[kind].format(value=shown(value[index])), RULE_MESSAGES["uniqueItems.hint"]) for index in twice]
    if kind in ("minimum", "maximum"):
        return [(path, RULE_MESSAGES["range"].format(value=shown(value), minimum=rule.get("minimum"), maximum=rule.get("maximum")), hint)]
    if kind == "pattern":
        if "<" in value or ">" in value:
            return [(path, RULE_MESSAGES["plain"], hint)]
        return [(path, RULE_MESSAGES[kind].format(value=shown(value), expected=rule.get("x-expected", "written as expected")), pattern_hint(path, value, hint))]
    return [(path, f"{shown(value)} is not allowed here ({kind}).", hint)]


MOVED_TO_ACTOR = (
    "where a city, region or partner is, is a fact about that actor, written once in its file in actors/.",
    "Delete this line, and check that the actor's file (actors/<id>.md) has its country and coordinates; copy templates/actor-template.md for a new actor.",
)


def describe(value: object) -> str:
    if isinstance(value, str):
        return RULE_MESSAGES["text"].format(value=shown(value))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return shown(value)


def characters(count: int) -> str:
    return RULE_MESSAGES["characters.one" if count == 1 else "characters.other"].format(count=count)


def pattern_hint(path: tuple, value: str, hint: str) -> str:
    if path[-1] == "country" and (code := places.code_for(value)):
        return f"Use {code} for {places.country_name(code)}."
    if path[-1] in ("date", "last_reviewed") and (readings := date_readings(value)):
        if len(readings) == 1:
            return f"Write it as {readings[0]}."
        first = int(re.match(r"\s*(\d+)", value)[1])
        return f"Write it as year-month-day: {readings[0]} if {first} is the day, {readings[1]} if it is the month."
    if path[-1] in ("url", "archived") and (scheme_of(value) or "http") not in ("http", "https"):
        return "Only web addresses starting with https:// or http:// are allowed."
    if path[-1] in ("url", "archived") and not re.match(r"^[a-z]+://", value, re.I):
        return f"Add https:// at the start: https://{value.strip()}"  # whole: a cut address would be copied as it is
    return hint


def date_readings(value: str) -> list[str]:
    """The real dates a day written as 15/03/2026 (or 15.03.2026, 15-03-2026) can
    be, as year-month-day: day first, then month first; none when it is not written so."""
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    if not match:
        return []
    readings = []
    for day, month in ((int(match[1]), int(match[2])), (int(match[2]), int(match[1]))):
        try:
            readings.append(datetime.date(int(match[3]), month, day).isoformat())
        except ValueError:
            pass
    return list(dict.fromkeys(readings))


def closest(word: str, choices: list, labels: dict | None = None) -> tuple[object, tuple | None, bool] | None:
    """What a word means among choices (a vocabulary's values, fields, headings):
    (the choice, the (language, label) recognised or None, whether it is the same
    once case, accents and hyphens are set aside), or None when nothing is close.
    `labels` ((language, label) -> value) are the names the site shows for a
    vocabulary's values in every language: "intercambio de conocimientos", or
    "jumellage" misspelt, are understood too. `dev.py new` reads answers with it."""
    normalised = {str(c).replace("-", " ").replace("_", " ").casefold(): c for c in choices}
    key = word.replace("-", " ").replace("_", " ").casefold().strip()
    if key in normalised:
        return normalised[key], None, True
    by_label: dict[str, tuple] = {}
    for (language, label), value in (labels or {}).items():
        by_label.setdefault(folded(label), (value, (language, label)))  # the first language that has it
    if folded(word) and (named := by_label.get(folded(word))):
        return named[0], named[1], True
    candidates = {**by_label, **{name: (choice, None) for name, choice in normalised.items()}}  # a value beats a label spelt alike
    if (part := part_of(folded(word), candidates)) is not None:
        return (*part, False)
    close = difflib.get_close_matches(folded(word) if by_label else key, list(candidates), n=1, cutoff=0.6)
    return (*candidates[close[0]], False) if close else None


def part_of(words: str, candidates: dict[str, tuple]) -> tuple | None:
    """The one choice whose value or label holds all these words ("water" in
    water-sanitation-waste, "diplomacy" in city-diplomacy), the value's own
    reading first; None when no choice, or several, hold them ("city")."""
    wanted = set(words.split())
    if not wanted:
        return None
    holding = [(name, meant) for name, meant in candidates.items() if wanted <= set(folded(name).split())]
    if len({meant[0] for _, meant in holding}) != 1:
        return None
    return next((meant for _, meant in holding if meant[1] is None), holding[0][1])


def did_you_mean(word: object, choices: list, what: str, labels: dict | None = None) -> str:
    """The hint for a word that is none of the choices: what it is close to, and,
    for a label of the site (see `closest`), which label it is."""
    if not isinstance(word, str) or (meant := closest(word, choices, labels)) is None:
        return ""
    value, label, exact = meant
    if label is None:
        return f"Did you mean \"{value}\"? Write it exactly like that." if exact else f"Did you mean \"{value}\"?"
    return LABEL_MESSAGES["exact" if exact else "close"].format(value=value, language=language_name(label[0]), label=shown(label[1]))


# What the validator says of a label the site shows for a vocabulary's value.
LABEL_MESSAGES = {
    "exact": 'Did you mean "{value}"? It is the value of the {language} label {label}: write it exactly like that.',
    "close": 'Did you mean "{value}"? It is the value of the {language} label {label}.',
}


def language_name(code: str) -> str:
    """A language's name in the messages' language, English (see problems.py)."""
    return Words("en")(f"language.{code}")


def allowed(vocabulary: dict) -> str:
    return "Use one of: " + ", ".join(str(v) for v in vocabulary) + "."


def facts(meta: dict, today: datetime.date) -> list[tuple[tuple, str, str]]:
    """What the schema cannot say: codes that exist, dates that exist, time in order."""
    found = []

    def country(path, code):
        if isinstance(code, str) and re.fullmatch("[A-Z]{2}", code) and not places.is_country(code):
            guess = places.code_for(code)
            hint = f"Did you mean {guess} ({places.country_name(guess)})?" if guess and guess != code else "Use the two-letter ISO code, for example SN for Senegal."
            found.append((path, f"{shown(code)} is not a country code.", hint))

    country(("country",), meta.get("country"))  # an actor's; a practice's is refused by the schema

    reviewed = meta.get("last_reviewed")
    if isinstance(reviewed, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed):
        try:
            day = datetime.date.fromisoformat(reviewed)
        except ValueError:
            found.append((("last_reviewed",), f"{shown(reviewed)} is not a real date.", "Check the month (01-12) and the day."))
        else:
            if day > today:
                found.append((("last_reviewed",), f"{shown(reviewed)} is in the future.", f"Write the day the practice was checked, today ({today.isoformat()}) at the latest."))

    for index, source in enumerate(meta.get("sources") or []):
        date = source.get("date") if isinstance(source, dict) else None
        if isinstance(date, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            year, month, day = (list(map(int, date.split("-"))) + [1, 1])[:3]
            try:
                datetime.date(year, month, day)
            except ValueError:
                found.append((("sources", index, "date"), f"{shown(date)} is not a real date.", "Check the month (01-12) and the day."))

    # Where each address leads: the rule is catalog.addresses', shared with the source checker.
    for index, source in enumerate(meta.get("sources") or []):
        for key in ("url", "archived"):
            if isinstance(source, dict) and isinstance(source.get(key), str) and (refused := address_problem(source[key])):
                found.append((("sources", index, key), *refused))

    start, end = meta.get("start_year"), meta.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        found.append((("end_year",), RULE_MESSAGES["years"].format(end=end, start=start), RULE_MESSAGES["years.hint"]))

    language = meta.get("language")
    if isinstance(language, str) and re.fullmatch("[a-z]{2}", language) and pycountry.languages.get(alpha_2=language) is None:
        found.append((("language",), f"{shown(language)} is not a language code.", "Use a two-letter code such as en, fr or es."))
    return found


# --- body -----------------------------------------------------------------------


def has_text(markdown: str) -> bool:
    """Whether a stretch of the body says something; the template's prompts are
    HTML comments, which do not count. (A scan, not a regular expression: an
    unclosed "<!--" repeated must not make this quadratic.)"""
    position = 0
    while True:
        opening = markdown.find("<!--", position)
        if markdown[position : len(markdown) if opening < 0 else opening].strip():
            return True
        if opening < 0:
            return False
        closing = markdown.find("-->", opening + 4)
        if closing < 0:
            return False
        position = closing + 3


def check_body(doc: Document, language: str | None = None) -> None:
    """The body needs the required "## " sections, each with some text, with the
    headings of the language it is written in."""
    named = language  # a translation's language, from its file name
    declared = doc.meta.get("language") if isinstance(doc.meta.get("language"), str) else None
    language = language or declared or "en"
    sections = practice_schema.body_sections()
    headings = {s.heading_in(language): s for s in sections}
    if (other := headings_language(doc.body, sections, language)) is not None:
        doc.problem("body", *language_mismatch(other, language, declared, sections, doc.path.name if named else None), line=doc.body_line)
        return  # every section would be reported missing: the one fix is above
    found: dict[str, int] = {}
    text_after: dict[str, bool] = {}
    current = fence = None
    body, line, counted, previous_end = doc.body, doc.body_line, 0, 0
    # Only headings and code fences matter: find them, not every line.
    for match in STRUCTURE.finditer(body):
        line += body.count("\n", counted, match.start())
        counted = match.start()
        if current and has_text(body[previous_end : match.start()]):
            text_after[current] = True
        previous_end = match.end()
        if fence:
            if match["fence"] and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = None
                if current:
                    text_after[current] = True  # a code block is content too
            continue
        if match["fence"]:
            fence = match["fence"]
            continue
        level, title = len(match["hashes"]), match["title"]
        if level > 2:  # a sub-heading belongs to the section it stands in
            if current:
                text_after[current] = True
            continue
        current = None
        if level == 1:
            doc.problem("body", f'the heading "# {title[:40]}" uses a single #.', 'The page title comes from the title field: start sections with "## ".', line=line)
        elif title in headings:
            if title in found:
                doc.problem("body", f'the section "## {title}" appears twice, on line {found[title]} and line {line}.', "Merge the two sections.", line=line)
            found[title] = line
            current = title
        elif suggestion := did_you_mean(title, [h for h in headings if h not in found], "section"):
            doc.problem("body", f'"## {title[:40]}" is not one of the practice sections.', suggestion, line=line)
    if current and has_text(body[previous_end:]):
        text_after[current] = True
    for section in sections:
        heading, prompt = section.heading_in(language), section.prompt_in(language)
        if section.required and heading not in found:
            doc.problem("body", f'the section "## {heading}" is missing.', f'Add a line "## {heading}" followed by a paragraph: {prompt[0].lower() + prompt[1:]}', line=doc.body_line)
        elif heading in found and not text_after.get(heading):
            advice = RULE_MESSAGES["section.hint" if section.required else "section.hint.optional"]
            doc.problem("body", RULE_MESSAGES["section"].format(heading=heading), advice.format(prompt=prompt[0].lower() + prompt[1:]), line=found[heading])


LEVEL_TWO = re.compile(r"(?m)^##[ \t]+(.+?)[ \t#]*$")


def headings_language(body: str, sections, language: str) -> str | None:
    """Another language whose section headings the body uses, when it uses none
    of `language`'s: the practice is then written in that language."""
    titles = set(LEVEL_TWO.findall(body))
    matches = {code: len(titles & {s.heading_in(code) for s in sections}) for code in LANGUAGES}
    if matches.get(language):
        return None
    best = max(matches, key=matches.get)
    return best if matches[best] else None


def language_mismatch(other: str, language: str, declared: str | None, sections, translation: str | None = None) -> tuple[str, str]:
    """What to say when the headings are in `other` but the practice (or the
    translation's file name) says `language`."""
    name = lambda code: Words("en")(f"language.{code}")  # noqa: E731  (messages are English; see problems.py)
    ours = ", ".join(f"## {s.heading_in(language)}" for s in sections if s.required)
    if translation:
        return (
            f"the section headings are in {name(other)} (## {sections[0].heading_in(other)}, ...), but the file name says this translation is in {name(language)}.",
            f"Use the {name(language)} headings: {ours}.",
        )
    said = f'"language: {declared}" says the text is' if declared else 'with no "language:" line, the text is taken to be'
    message = f"the section headings are in {name(other)} (## {sections[0].heading_in(other)}, ...), but {said} in {name(language)}."
    fix = f'"language: {other}"' if not declared else f'"language: {other}" instead of "language: {declared}"'
    if other == "en" and declared:
        fix = f'"language: en" instead of "language: {declared}" (or delete that line)'
    return message, f"If the text is in {name(other)}, write {fix} at the top; if it is in {name(language)}, use its headings: {ours}."


# --- the story as the site will show it ----------------------------------------


def body_within_limits(doc: Document) -> bool:
    """Whether the body may be read further; a body too large or too intricate to
    render in reasonable time is refused with its line."""
    if limit := story.limits(doc.body):
        doc.problem("body", limit.message, limit.hint, line=doc.body_line + limit.line - 1)
        return False
    return True


def check_story(doc: Document) -> None:
    """Render the body as the site will, keep the result on the document, and
    report, with its line, everything the sanitiser removed."""
    doc.story, findings = story.render(doc.body)
    for finding in findings:
        doc.problem("body", finding.message, finding.hint, line=doc.body_line + story.line_of(doc.body, finding) - 1)
