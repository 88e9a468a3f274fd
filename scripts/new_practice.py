"""Start a practice: answer a few plain questions, get practices/<slug>.md with
the facts filled in and the sections of the story waiting to be written.

    python scripts/new_practice.py                 asks in the language of your system (English, French or Spanish)
    python scripts/new_practice.py --lang fr       asks in French
    python scripts/new_practice.py --title "Lyon: twinning with Dakar" --city Lyon --kind municipality \\
        --country France --theme twinning --sector health --source-title "Annual report 2020" --summary "..."

Who carried the practice out, its partners and its networks are actors of the
registry (actors/): any of their names, in any language, or an acronym finds
them. A name close to known ones is asked about ("Did you mean Nouakchott
Region?") before a new actor is added; for a new actor the few facts of its file,
actors/<id>.md, are asked, and the place is looked up among GeoNames' towns to put
it on the map. A vocabulary (kind, theme, sector, relation) is answered by number,
value or label in any of the site's languages, a misspelt one gets "did you mean";
sectors, optional, are skipped with Enter.
The practice's own language is asked too: the file gets its `language:` line and
that language's section headings. Each answer is checked as it is given (a file
name already taken is said right after the title, with a free one offered).

Typing < (or "back" in the questions' language) goes back a question. Ctrl+C
stops and keeps the answers given so far in the user's cache folder (never in
the project); the next run offers to resume them. Questions not answered by an
option are asked. An existing file is never overwritten. Exit status: 0 when the
file was written, 1 when it was not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    import platformdirs
    from babel.dates import format_date

    from catalog import gazetteer, places
    from catalog import schema as practice_schema
    from catalog.actors import NATIONAL_KINDS, Registry, folded, read_registry
    from catalog.i18n import LANGUAGES, Words, environment_language
    from catalog.model import check_paths
    from catalog.template import practice_text
    from catalog.validation import RESERVED_SLUGS, closest, date_readings, is_slug, suggested_slug
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")

SLUG_LENGTH = 60
YES = {"", "y", "yes", "o", "oui", "s", "si", "sí"}
NO = {"n", "no", "non"}
CACHE = "city-diplomacy-exchange"  # the folder, in the user's cache, where unfinished answers wait


def practice_field(*path: str | int) -> dict:
    """A field of the practice schema, by its path: ("sources", 0, "title")."""
    node = practice_schema.schema()
    for key in path:
        node = practice_schema.child(node, key)
    return node


MOST_PARTNERS, MOST_NETWORKS = (practice_field(name)["maxItems"] for name in ("partners", "networks"))


def how_many(name: str) -> dict[str, int]:
    """The fewest and most values a list field takes, from the schema: {"low": 1, "high": 6} for themes."""
    field = practice_field(name)
    return {"low": field["minItems"], "high": field["maxItems"]}


# The fields chosen from a vocabulary, several at once, and the option (and answer
# key) that gives each: --theme twinning --theme 3
CHOSEN = {"themes": "theme", "sectors": "sector"}


class Refused(Exception):
    """An answer that cannot be used, with what to do instead."""


class Taken(Refused):
    """The file name is taken, and there is no one to ask for another."""


class Convert(Exception):
    """An answer that means another, to confirm: `value` is what it would become."""

    def __init__(self, question: str, value: object):
        super().__init__(question)
        self.value = value


class Back(Exception):
    """The contributor asked to go back to the previous question."""


class Questions:
    """The questions and checks of `new`, in the contributor's language."""

    def __init__(self, language: str):
        self.words = Words(language)
        self.language = language
        # "<", or the word for "back" in any of the site's languages
        self.back = {"<"} | {folded(word) for code in LANGUAGES for word in Words(code)("new.back.words").split(",")}

    def __call__(self, key: str, **values: object) -> str:
        return self.words(f"new.{key}", **values)

    def is_back(self, answer: str) -> bool:
        return answer.strip() == "<" or folded(answer) in self.back

    # --- checks: each returns the value to write, or raises Refused or Convert

    def text(self, field: dict):
        """The check of a text field, by its schema: its length, and plain text (the schema's pattern)."""
        low, high, pattern = field["minLength"], field["maxLength"], field.get("pattern")

        def check(answer: str) -> str:
            text = " ".join(answer.split())
            if not low <= len(text) <= high:
                raise Refused(self("length", count=len(text), low=low, high=high))
            if pattern and not re.search(pattern, text):
                raise Refused(self("plain"))
            return text

        return check

    def practice_language(self, answer: str) -> str:
        """A language by its code, or by its name in any of the site's languages."""
        if not answer.strip():
            return self.language
        names = {(other, Words(other)(f"language.{code}")): code for code in LANGUAGES for other in LANGUAGES}
        code = answer.strip().lower()
        if code in LANGUAGES:
            return code
        meant = closest(answer, list(LANGUAGES), names)
        if meant is None:
            raise Refused(self("language.bad", answer=answer))
        value, label, exact = meant
        if exact:
            return value
        raise Convert(self("term.convert", terms=f"{label[1]} ({value})"), value)

    def chosen(self, name: str):
        """The check of a field chosen from a vocabulary (themes, sectors): its
        values, and how many, from the schema."""
        vocabulary = practice_schema.terms(practice_field(name, 0))
        limits = how_many(name)
        return lambda answer: self.terms(answer, vocabulary, f"{name}.bad", limits["low"], limits["high"], f"{name}.count")

    def themes(self, answer: str) -> list[str]:
        return self.chosen("themes")(answer)

    def sectors(self, answer: str) -> list[str]:
        return self.chosen("sectors")(answer)

    def kind(self, answer: str) -> str:
        return self.term(answer, practice_schema.actor_vocabulary("kind"), "kind.bad")

    def relation(self, answer: str) -> str:
        return self.term(answer, practice_schema.vocabulary("relation"), "relation.bad")

    def term(self, answer: str, vocabulary: dict, refusal: str) -> str:
        """One value of a vocabulary (see `terms`)."""
        try:
            return self.terms(answer, vocabulary, refusal, 1, 1, refusal)[0]
        except Convert as conversion:
            raise Convert(str(conversion), conversion.value[0]) from None

    def terms(self, answer: str, vocabulary: dict, refusal: str, low: int, high: int, count: str) -> list:
        """Values of a vocabulary, given by number, by value, or by label in any of
        the site's languages; one misspelt is offered as what it is closest to."""
        values = list(vocabulary)
        labels = {(language, term.label_in(language)): term.value for term in vocabulary.values() for language in LANGUAGES}
        by_name = {folded(str(value)): value for value in values} | {folded(label): value for (_, label), value in labels.items()}
        chosen, corrected = [], []
        separated = bool(re.search(r"[,;]", answer))
        parts = [part.strip() for part in re.split(r"[,;]", answer)] if separated else answer.split()
        if len(parts) > 1 and folded(answer) in by_name:  # a label of several words
            parts = [answer.strip()]
        elif separated:
            parts = rejoined(parts, labels, by_name)
        for part in filter(None, parts):
            if part.isdigit() and 0 < int(part) <= len(values):
                value = values[int(part) - 1]
            elif folded(part) in by_name:
                value = by_name[folded(part)]
            elif len(within := {by_name[label] for label in by_name if len(part) > 3 and folded(part) in label.split()}) == 1:
                value = within.pop()  # one word of one label: "coopération" for "Coopération décentralisée"
            elif not part.isdigit() and (meant := closest(part, values, labels)):
                value, label, _ = meant
                corrected.append(f"{label[1] if label else vocabulary[value].label_in(self.language)} ({value})")
            elif not separated and len(parts) > 1 and (meant := closest(answer, values, labels)):  # a label of several words, misspelt
                value, label, _ = meant
                raise Convert(self("term.convert", terms=f"{label[1] if label else vocabulary[value].label_in(self.language)} ({value})"), [value])
            else:
                raise Refused(self(refusal, answer=part))
            if value not in chosen:
                chosen.append(value)
        if not low <= len(chosen) <= high:
            raise Refused(self(count, answer=answer, low=low, high=high))
        if corrected:
            raise Convert(self("term.convert", terms=", ".join(corrected)), chosen)
        return chosen

    def country(self, answer: str) -> str:
        code = answer.strip().upper() if len(answer.strip()) == 2 else places.code_for(answer)
        if not code or not places.is_country(code):
            raise Refused(self("country.bad", answer=answer))
        return code

    def date(self, answer: str) -> str:
        text = answer.strip()
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            year, month, day = (list(map(int, text.split("-"))) + [1, 1])[:3]
            try:
                datetime.date(year, month, day)
            except ValueError:
                raise Refused(self("date.real", answer=answer)) from None
            return text
        readings = date_readings(text)  # the validator's own reading of 15/03/2026
        if len(readings) == 1:
            raise Convert(self("date.convert", date=readings[0]), readings[0])
        if len(readings) == 2:
            raise Refused(self("date.ambiguous", answer=answer, first=readings[0], second=readings[1]))
        raise Refused(self("date.bad", answer=answer))

    def url(self, answer: str) -> str:
        text = answer.strip()
        if re.match(r"https?://[^\s/]+\.[^\s]+$", text, re.I):
            return text
        if re.fullmatch(r"(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", text, re.I):
            raise Convert(self("url.convert", url=f"https://{text}"), f"https://{text}")
        raise Refused(self("url.bad"))

    def coordinates(self, answer: str) -> list[float]:
        """A latitude and a longitude: "14.69, -17.45" (or with decimal commas, "14,69; -17,45")."""
        numbers = re.findall(r"-?\d+(?:[.,]\d+)?", answer)
        rest = re.sub(r"-?\d+(?:[.,]\d+)?", "", answer)
        if len(numbers) == 2 and not rest.strip(" ,;\t"):
            latitude, longitude = (float(number.replace(",", ".")) for number in numbers)
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                return [round(latitude, 2), round(longitude, 2)]
        raise Refused(self("coordinates.bad", answer=answer))


class Question:
    """One question: where its answer is kept ("title", "partner.2.note", ...),
    what it asks, and how its answer is checked (answer -> the value to keep, or
    Refused or Convert; None keeps the answer as it is). A question not required
    keeps `default` for an empty answer; `before` is said before it is asked (the
    list to choose from); `names` are what the Tab key completes."""

    def __init__(self, key: str, text: str, check=None, required: bool = True, default: object = None, before: str = "", names: tuple = ()):
        self.key, self.text, self.check, self.required = key, text, check, required
        self.default, self.before, self.names = default, before, names


class Pending(Exception):
    """The next question to ask."""

    def __init__(self, question: Question):
        super().__init__(question.key)
        self.question = question


def ask(q: Questions, question: Question) -> object:
    """Ask until the answer passes its check; an answer that means another is
    shown and used once the contributor agrees. "<" goes back (raises Back)."""
    if question.before:
        print(question.before)
    while True:
        with completing(list(question.names)):
            answer = input(question.text + "\n> ").strip()
        if q.is_back(answer):
            raise Back
        if not answer and not question.required:
            return question.default
        try:
            return question.check(answer) if question.check else answer
        except Refused as refusal:
            print(f"  {refusal}")
        except Convert as conversion:
            if input(f"  {conversion}\n> ").strip().lower() in YES:
                return conversion.value


UNLISTED = object()  # an answer that picks none of the choices offered, nor says no


def picked(answer: str, choices: list) -> object:
    """What an answer to "Is it this one?" or "Which of these?" picks: the first
    for yes, a choice by its number, None for no; else UNLISTED."""
    text = answer.strip().lower()
    if text in NO:
        return None
    if text in YES:
        return choices[0]
    if text.isdigit() and 0 < int(text) <= len(choices):
        return choices[int(text) - 1]
    return UNLISTED


def given(check, value: str):
    """An answer given as an option: there is no one to ask, so a conversion is refused with its suggestion."""
    try:
        return check(value)
    except Convert as conversion:
        raise Refused(str(conversion).split("?")[0] + "?") from None


def rejoined(parts: list[str], labels: dict, by_name: dict) -> list[str]:
    """The parts of an answer cut at its commas, with a label that holds a comma
    made whole again: "Agua, saneamiento y residuos, Salud" is two sectors, not
    three. Parts that are labels or values of their own stay apart."""
    cut = {key: value for key, value in labels.items() if re.search(r"[,;]", key[1])}
    if not cut:
        return parts
    widest = max(len(re.split(r"[,;]", label)) for _, label in cut)
    whole, start = [], 0
    while start < len(parts):
        for span in range(min(widest, len(parts) - start), 1, -1):
            pieces = parts[start : start + span]
            joined = ", ".join(pieces)
            if folded(joined) in by_name or (not any(piece.isdigit() or folded(piece) in by_name for piece in pieces) and closest(joined, [], cut)):
                whole.append(joined)
                start += span
                break
        else:
            whole.append(parts[start])
            start += 1
    return whole


def listing(title: str, vocabulary: dict, language: str) -> str:
    lines = [title] + [f"  {number:2}. {term.label_in(language)} ({term.value}): {term.description_in(language)}" for number, term in enumerate(vocabulary.values(), 1)]
    return "\n".join(lines)


@contextlib.contextmanager
def completing(names: list[str]):
    """While a question is asked in a terminal, the Tab key completes the names of
    known actors, in any language."""
    try:
        import readline
    except ImportError:  # not on every platform
        yield
        return
    if not names:
        yield
        return

    def complete(text: str, state: int) -> str | None:
        matches = [name for name in names if folded(name).startswith(folded(text))] if text else []
        return matches[state] if state < len(matches) else None

    previous, delimiters = readline.get_completer(), readline.get_completer_delims()
    readline.set_completer(complete)
    readline.set_completer_delims("")  # names hold spaces and hyphens
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(previous)
        readline.set_completer_delims(delimiters)


def short_slug(text: str) -> str:
    """A file name made from a title, cut at a word boundary, never inside a word."""
    slug = suggested_slug(text)
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug.strip("-")


def usable_slug(name: str) -> bool:
    """A name the validator takes for a practice file (and not the list of practices, index)."""
    return is_slug(name) and name not in RESERVED_SLUGS


def free_slug(directory: Path, slug: str) -> str:
    """The slug, or the first `slug-2`, `slug-3` ... that no file has."""
    candidate, number = slug, 2
    while (directory / f"{candidate}.md").exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


class Interview:
    """The questions of `new`, in order, each depending on the answers before it.
    The answers given so far are the whole state: going back a question drops the
    last one, and a run stopped half-way resumes from them. An option given on the
    command line answers its question; without a terminal, a required question
    no option answers is refused."""

    def __init__(self, q: Questions, args: argparse.Namespace, registry: Registry, interactive: bool, answers: dict | None = None):
        self.q, self.args, self.registry, self.interactive = q, args, registry, interactive
        self.answers: dict = dict(answers or {})
        self.result: dict = {}
        self.said: set[str] = set()
        self.places: dict[tuple, list] = {}
        self.visited: set[str] = set()

    def run(self, draft: Draft | None = None) -> dict:
        """Ask every question still to ask; returns every answer, checked."""
        while (question := self.next()) is not None:
            try:
                self.answers[question.key] = ask(self.q, question)
            except Back:
                if not self.answers:
                    print(f"  {self.q('back.first')}")
                    continue
                self.answers.popitem()
            if draft is not None:
                draft.save(self.answers)
        return self.result

    def next(self) -> Question | None:
        """The next question to ask, or None when all are answered (see `result`)."""
        self.visited = set()
        try:
            self.result = self.walk()
            question = None
        except Pending as pending:
            question = pending.question
        for key in [key for key in self.answers if key not in self.visited]:  # answers of a path no longer taken
            del self.answers[key]
        return question

    def get(self, question: Question, option: object = None) -> object:
        """The answer to a question: the option given, the answer kept, or it is to be asked."""
        if option is not None:
            return given(question.check, option) if question.check else option or None
        self.visited.add(question.key)
        if question.key in self.answers:
            return self.answers[question.key]
        if self.interactive:
            raise Pending(question)
        if question.required:
            raise Refused(self.q("option", option=question.key.replace("_", "-")))
        return question.default

    def say(self, text: str) -> None:
        """Say something once, after the answer that caused it."""
        if text not in self.said:
            self.said.add(text)
            print(f"  {text}")

    def walk(self) -> dict:
        q, args = self.q, self.args
        found: dict = {}
        found["title"] = self.get(Question("title", q("title.question"), q.text(practice_field("title"))), args.title)
        found["slug"] = self.slug(found["title"])
        default_name = q.words(f"language.{q.language}")
        found["language"] = self.get(Question("language", q("language.question", default_name=default_name), q.practice_language, False, q.language), args.language)
        found["city"] = self.actor("city", q("city.question"), options={"name": args.city, "kind": args.kind, "country": args.country})
        found["summary"] = self.get(Question("summary", q("summary.question"), q.text(practice_field("summary"))), args.summary)
        for name, option in CHOSEN.items():  # themes, required; sectors, which Enter skips
            required = name in practice_schema.schema()["required"]
            vocabulary = practice_schema.terms(practice_field(name, 0))
            asked = Question(option, q(f"{option}.question", **how_many(name)), q.chosen(name), required, before=listing(q(name), vocabulary, q.language))
            found[name] = self.get(asked, ", ".join(getattr(args, option)) if getattr(args, option) else None)
        source = {}
        for part, check, required in (("title", q.text(practice_field("sources", 0, "title")), True), ("publisher", q.text(practice_field("sources", 0, "publisher")), False), ("date", q.date, False), ("url", q.url, False)):
            option = f"source_{part}"
            source[part] = self.get(Question(option, q(f"{option}.question"), check, required), getattr(args, option))
        found["source"] = source
        found["partners"] = self.partners(identity(found["city"]))
        found["networks"] = self.networks()
        return found

    def slug(self, title: str) -> str:
        """The file name, checked right after the title: a name taken is said at
        once, with a free one offered, before any other question."""
        q, directory = self.q, self.args.directory
        wanted = self.args.slug or short_slug(title)
        if not usable_slug(wanted):  # --slug, as typed
            raise Refused(q("file.bad", name=wanted, example=short_slug(title)))
        if not (directory / f"{wanted}.md").exists():
            return wanted
        if not self.interactive:
            raise Taken(q("file.exists", path=directory / f"{wanted}.md"))
        offered = free_slug(directory, wanted)

        def check(answer: str) -> str:
            name = answer.strip().removesuffix(".md")
            if not usable_slug(name):
                raise Refused(q("file.bad", name=name, example=offered))
            if (directory / f"{name}.md").exists():
                raise Refused(q("file.taken", path=directory / f"{name}.md"))
            return name

        return self.get(Question("slug", q("file.offer", name=f"{offered}.md"), check, False, offered, before=f"  {q('file.taken', path=directory / f'{wanted}.md')}"))

    def actor(self, key: str, text: str, required: bool = True, options: dict | None = None, taken: tuple = ()) -> dict | None:
        """An actor a practice names, by its name: one of the registry (asked
        about when the name is only close to known ones), or a new one, whose
        kind, country and place are asked. None when a question not required is
        left empty."""
        q, options = self.q, options or {}
        name = self.get(Question(key, text, self.actor_name(taken), required, None, names=tuple(self.registry.all_names())), options.get("name"))
        if not name:
            return None
        actor = self.registry.find(name)
        if actor is None and self.interactive and (close := [self.registry.find(usual) for usual in self.registry.suggest(name)]):
            meant = self.get(self.meant(key, name, close, taken))
            actor = self.registry.actors.get(meant) if meant else None
        if actor is not None:
            self.say(q("found", name=name, actor=actor.name_in(q.language), id=actor.id))
            return {"id": actor.id, "name": name}
        if not self.interactive and (options.get("kind") is None or options.get("country") is None):
            raise Refused(q("actor.missing", name=name))
        kinds = practice_schema.actor_vocabulary("kind")
        kind = self.get(Question(f"{key}.kind", q("kind.question"), q.kind, before=listing(q("kinds"), kinds, q.language)), options.get("kind"))
        national = kind in NATIONAL_KINDS  # others (networks, agencies) may span countries
        country = self.get(Question(f"{key}.country", q("country.question" if national else "country.optional"), q.country, national), options.get("country"))
        coordinates = self.coordinates(key, name, country) if country and self.interactive else None
        return {"id": None, "name": name, "kind": kind, "country": country, "coordinates": coordinates}

    def actor_name(self, taken: tuple):
        """The check of an actor's name: a name, not one of an actor already named."""
        length = self.q.text(practice_schema.actor_schema()["properties"]["name"])

        def check(answer: str) -> str:
            name = length(answer)
            actor = self.registry.find(name)
            if (actor.id if actor else short_slug(name)) in taken:
                raise Refused(self.q("actor.twice", actor=actor.name_in(self.q.language) if actor else name))
            return name

        return check

    def meant(self, key: str, name: str, close: list, taken: tuple) -> Question:
        """Asked when a name is close to known actors' but is none of them: which
        one it is, or a new actor (n)."""
        q = self.q
        shown = [f"{actor.name_in(q.language)} ({actor.id})" for actor in close]

        def check(answer: str) -> str | None:
            chosen = picked(answer, close)
            if chosen is UNLISTED and (chosen := self.registry.find(answer.strip())) is None:
                raise Refused(q("meant.bad"))
            if chosen is None:
                return None
            if chosen.id in taken:
                raise Refused(q("actor.twice", actor=chosen.name_in(q.language)))
            return chosen.id

        if len(close) == 1:
            return Question(f"{key}.meant", q("meant.one", actor=shown[0], name=name), check)
        before = "\n".join(f"  {number}. {text}" for number, text in enumerate(shown, 1))
        return Question(f"{key}.meant", q("meant.several", name=name), check, before=f"  {q('meant.close', name=name)}\n{before}")

    def coordinates(self, key: str, name: str, country: str) -> list[float] | None:
        """Where a new actor is: a town of the gazetteer by that name in its
        country, confirmed, or a latitude and longitude typed."""
        q = self.q
        if (name, country) not in self.places:
            print(f"  {q('place.looking')}", flush=True)  # the gazetteer takes a few seconds to read, the first time
            self.places[(name, country)] = gazetteer.find(name, country)[:5]
        found = self.places[(name, country)]
        if not found:
            return self.get(Question(f"{key}.coordinates", q("coordinates.question"), q.coordinates, False))
        shown = [f"{place.name}, {places.country_name(place.country, q.language)} ({place.coordinates[0]}, {place.coordinates[1]})" for place in found]

        def check(answer: str) -> list[float] | None:
            place = picked(answer, found)
            if place is UNLISTED:
                return q.coordinates(answer)
            return list(place.coordinates) if place else None

        if len(found) == 1:
            return self.get(Question(f"{key}.place", q("place.one", place=shown[0]), check))
        before = "\n".join(f"  {number}. {text}" for number, text in enumerate(shown, 1))
        return self.get(Question(f"{key}.place", q("place.several"), check, before=before))

    def partners(self, city: str) -> list[dict]:
        """Partners, one after the other, each with how they worked together and a
        note, until a name is left empty."""
        q, partners, taken = self.q, [], [city]
        relations = practice_schema.vocabulary("relation")
        for number in range(1, MOST_PARTNERS + 1):
            actor = self.actor(f"partner.{number}", q("partner.question" if number == 1 else "partner.more"), required=False, taken=tuple(taken))
            if actor is None:
                break
            relation = self.get(Question(f"partner.{number}.relation", q("relation.question"), q.relation, False, before=listing(q("relations"), relations, q.language)))
            note = self.get(Question(f"partner.{number}.note", q("note.question"), q.text(practice_field("partners", 0, "note")), False))
            partners.append({"actor": actor, "relation": relation, "note": note})
            taken.append(identity(actor))
        return partners

    def networks(self) -> list[dict]:
        q, networks = self.q, []
        for number in range(1, MOST_NETWORKS + 1):
            actor = self.actor(f"network.{number}", q("network.question" if number == 1 else "network.more"), required=False, taken=tuple(identity(n) for n in networks))
            if actor is None:
                break
            networks.append(actor)
        return networks


def identity(actor: dict) -> str:
    """The id an actor has, or will have once its file is written."""
    return actor["id"] or short_slug(actor["name"])


class Draft:
    """The answers of a practice not finished, kept in the user's cache folder
    (~/.cache/city-diplomacy-exchange/ on Linux): never in the project, so never
    committed or published. One per practices folder."""

    def __init__(self, directory: Path):
        folder = Path(platformdirs.user_cache_dir(CACHE, appauthor=False))
        self.path = folder / f"new-practice-{hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]}.json"

    def load(self) -> tuple[dict, datetime.datetime] | None:
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            return dict(kept["answers"]), datetime.datetime.fromisoformat(kept["saved"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, answers: dict) -> None:
        if not answers:
            return self.remove()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            partial.write_text(json.dumps({"saved": datetime.datetime.now().isoformat(timespec="minutes"), "answers": answers}, ensure_ascii=False), encoding="utf-8")
            partial.replace(self.path)  # a Ctrl+C mid-write leaves the previous answers whole
        except OSError:
            pass  # keeping answers is a convenience: a cache that cannot be written costs only that

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def resume(q: Questions, draft: Draft) -> dict:
    """The answers of the practice left half-written, if the contributor wants them back."""
    kept = draft.load()
    if not kept or not kept[0]:
        return {}
    answers, saved = kept
    question = q("resume", date=format_date(saved, "long", locale=q.language), time=saved.strftime("%H:%M"), title=answers.get("title") or "…")
    while True:
        reply = input(question + "\n> ").strip().lower()
        if reply in YES:
            return answers
        if reply in NO:
            draft.remove()
            return {}


def actor_text(name: str, kind: str, country: str | None, coordinates: list[float] | None = None) -> str:
    lines = [
        "---",
        "# yaml-language-server: $schema=../catalog/schemas/actor.schema.json",
        f"name: {json.dumps(name, ensure_ascii=False)}",
        f"kind: {kind}",
        *([f"country: {country}"] if country else []),
        "# names:          # its name in French or Spanish, where it differs",
        "#   fr: ...",
        "# aliases: []     # acronyms and other names",
        f"coordinates: [{coordinates[0]}, {coordinates[1]}]" if coordinates else "# coordinates: [latitude, longitude]",
        "---",
    ]
    return "\n".join(lines) + "\n"


def write(q: Questions, found: dict, directory: Path, actors: Path) -> int:
    """The practice file, and a file for each new actor it names; nothing when a
    file is there already."""
    path = directory / f"{found['slug']}.md"
    named = [found["city"], *(partner["actor"] for partner in found["partners"]), *found["networks"]]
    new = {identity(actor): actor for actor in named if actor["id"] is None}
    for existing in (path, *(actors / f"{actor_id}.md" for actor_id in new)):
        if existing.exists():  # written meanwhile, by someone else
            print(q("file.exists", path=existing), file=sys.stderr)
            return 1
    source = found["source"]
    partners = [{"name": identity(p["actor"]), "relation": p["relation"], "note": p["note"]} for p in found["partners"]]
    text = practice_text(
        {
            "title": found["title"],
            "summary": found["summary"],
            "city": identity(found["city"]),
            "themes": found["themes"],
            "sectors": found["sectors"],
            "sources": [{key: value for key, value in source.items() if value}],
            "last_reviewed": datetime.date.today().isoformat(),
            "partners": [{key: value for key, value in partner.items() if value} for partner in partners] or None,
            "networks": [identity(network) for network in found["networks"]] or None,
        },
        language=found["language"],
        comments=q.language,
    )
    for actor_id, actor in new.items():
        actor_path = actors / f"{actor_id}.md"
        actor_path.parent.mkdir(parents=True, exist_ok=True)
        actor_path.write_text(actor_text(actor["name"], actor["kind"], actor["country"], actor["coordinates"]), encoding="utf-8")
        print(q("written.actor", path=actor_path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(q("written", path=path))
    _, problems = check_paths([path], root=Path.cwd(), registry=read_registry(actors, directory.parent)[0], language=q.language)
    if problems:
        print(q("todo"))
        for problem in problems:
            print(f"  {problem.text(q.language)}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="new_practice.py", description="Start a practice file from a few answers.")
    english = Questions("en")
    several = {option: how_many(name) for name, option in CHOSEN.items()}  # given once per value: --theme twinning --theme 3
    for option in ("title", "language", "city", "kind", "country", "summary", *several, "source_title", "source_publisher", "source_date", "source_url"):
        parser.add_argument(f"--{option.replace('_', '-')}", action="append" if option in several else "store", help=english(f"{option}.question", default_name="English", **several.get(option, {})))
    parser.add_argument("--slug", help="the file name without .md (default: made from the title)")
    parser.add_argument("--lang", choices=LANGUAGES, default=environment_language(), help="the language of the questions (default: your system's, else English)")
    parser.add_argument("--directory", type=Path, default=ROOT / "practices", help="where practices live (default: practices/)")
    parser.add_argument("--actors", type=Path, help="the registry of actors (default: actors/ beside the practices)")
    args = parser.parse_args(argv)
    q = Questions(args.lang)
    actors = args.actors or args.directory.parent / "actors"
    interactive = sys.stdin.isatty()
    draft = Draft(args.directory) if interactive else None
    try:
        registry, _ = read_registry(actors, args.directory.parent)
        answers = resume(q, draft) if draft else {}
        if interactive:
            print(q("intro"))
        found = Interview(q, args, registry, interactive, answers).run(draft)
        written = write(q, found, args.directory, actors)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 1 if isinstance(refusal, Taken) else 2
    except (EOFError, KeyboardInterrupt):  # Ctrl+C, or Ctrl+D: the answers so far wait for the next run
        kept = draft is not None and draft.path.exists()
        print("\n" + q("stopped" if kept else "nothing"), file=sys.stderr)
        return 1
    if written == 0 and draft is not None:
        draft.remove()
    return written


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
