"""Start a practice: answer a few plain questions, get practices/<slug>.md with
the facts filled in and the sections of the story waiting to be written.

    python scripts/new_practice.py                 asks in the language of your system (English, French or Spanish)
    python scripts/new_practice.py --lang fr       asks in French
    python scripts/new_practice.py --title "Lyon: twinning with Dakar" --city Lyon --kind municipality \\
        --country France --theme twinning --source-title "Annual report 2020" --summary "..."

Who carried the practice out is an actor of the registry (actors/): any of its
names, in any language, or its acronym finds it. When none fits, the few facts of
a new actor are asked and its file, actors/<id>.md, is written beside the
practice. The practice's own language is asked too: the file gets its `language:`
line and that language's section headings. Each answer is checked as it is given
(a file name already taken is said right after the title, with a free one
offered). Questions not answered by an option are asked. An existing file is
never overwritten. Exit status: 0 when the file was written, 1 when it was not,
2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog import places
    from catalog import schema as practice_schema
    from catalog.actors import Registry, folded, read_registry
    from catalog.i18n import LANGUAGES, Words, environment_language
    from catalog.model import check_paths
    from catalog.template import practice_text
    from catalog.validation import date_readings, suggested_slug
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")

SLUG_LENGTH = 60
YES = {"", "y", "yes", "o", "oui", "s", "si", "sí"}


class Refused(Exception):
    """An answer that cannot be used, with what to do instead."""


class Taken(Refused):
    """The file name is taken, and there is no one to ask for another."""


class Convert(Exception):
    """An answer that means another, to confirm: `value` is what it would become."""

    def __init__(self, question: str, value: str):
        super().__init__(question)
        self.value = value


class Questions:
    """The questions and checks of `new`, in the contributor's language."""

    def __init__(self, language: str):
        self.words = Words(language)
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return self.words(f"new.{key}", **values)

    # --- checks: each returns the value to write, or raises Refused or Convert

    def length_between(self, low: int, high: int):
        def check(answer: str) -> str:
            text = " ".join(answer.split())
            if not low <= len(text) <= high:
                raise Refused(self("length", count=len(text), low=low, high=high))
            if "<" in text or ">" in text:
                raise Refused(self("plain"))
            return text

        return check

    def practice_language(self, answer: str) -> str:
        code = answer.strip().lower()[:2] if answer.strip() else self.language
        for language in LANGUAGES:  # a language's name in any of them also does
            if folded(answer) in {folded(Words(other)(f"language.{language}")) for other in LANGUAGES}:
                code = language
        if code not in LANGUAGES:
            raise Refused(self("language.bad", answer=answer))
        return code

    def themes(self, answer: str) -> list[str]:
        return self.terms(answer, practice_schema.vocabulary("theme"), "themes.bad", 1, 6, "themes.count")

    def kind(self, answer: str) -> str:
        return self.terms(answer, practice_schema.actor_vocabulary("kind"), "kind.bad", 1, 1, "kind.bad")[0]

    def terms(self, answer: str, vocabulary: dict, refusal: str, low: int, high: int, count: str) -> list[str]:
        """Values of a vocabulary, given by number, by slug, or by label in any language."""
        values = list(vocabulary)
        by_name = {folded(str(value)): value for value in values}
        for term in vocabulary.values():
            for language in LANGUAGES:
                by_name[folded(term.label_in(language))] = term.value
        chosen = []
        parts = [part.strip() for part in re.split(r"[,;]", answer)] if re.search(r"[,;]", answer) else answer.split()
        if len(parts) > 1 and folded(answer.strip()) in by_name:  # a label of several words
            parts = [answer.strip()]
        for part in filter(None, parts):
            if part.isdigit() and 0 < int(part) <= len(values):
                value = values[int(part) - 1]
            elif folded(part) in by_name:
                value = by_name[folded(part)]
            elif len(within := {by_name[label] for label in by_name if len(part) > 3 and folded(part) in label.split()}) == 1:
                value = within.pop()  # one word of one label: "coopération" for "Coopération décentralisée"
            else:
                raise Refused(self(refusal, answer=part))
            if value not in chosen:
                chosen.append(value)
        if not low <= len(chosen) <= high:
            raise Refused(self(count, answer=answer))
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


def ask(question: str, check, required: bool, default: str | None = None) -> str | None:
    """Ask until the answer passes its check; an answer that means another is
    shown and used once the contributor agrees."""
    while True:
        answer = input(question + "\n> ").strip()
        if not answer and not required:
            return default
        try:
            return check(answer) if check else answer
        except Refused as refusal:
            print(f"  {refusal}")
        except Convert as conversion:
            if input(f"  {conversion}\n> ").strip().lower() in YES:
                return conversion.value


def given(check, value: str):
    """An answer given as an option: there is no one to ask, so a conversion is refused with its suggestion."""
    try:
        return check(value)
    except Convert as conversion:
        raise Refused(str(conversion).split("?")[0] + "?") from None


def show(title: str, vocabulary: dict, language: str) -> None:
    print(title)
    for number, term in enumerate(vocabulary.values(), 1):
        print(f"  {number:2}. {term.label_in(language)} ({term.value}): {term.description_in(language)}")


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


def free_slug(directory: Path, slug: str) -> str:
    """The slug, or the first `slug-2`, `slug-3` ... that no file has."""
    candidate, number = slug, 2
    while (directory / f"{candidate}.md").exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def choose_slug(q: Questions, directory: Path, title: str, wanted: str | None, interactive: bool) -> str:
    """The file name, checked right after the title: a name taken is said at
    once, with a free one offered, before any other question."""
    slug = wanted or short_slug(title)
    while (directory / f"{slug}.md").exists():
        if not interactive:
            raise Taken(q("file.exists", path=directory / f"{slug}.md"))
        print(f"  {q('file.taken', path=directory / f'{slug}.md')}")
        offered = free_slug(directory, slug)
        answer = input(q("file.offer", name=f"{offered}.md") + "\n> ").strip().removesuffix(".md")
        if not answer:
            return offered
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", answer):
            print(f"  {q('file.bad', name=answer, example=offered)}")
            continue
        slug = answer
    return slug


def find_actor(q: Questions, registry: Registry, name: str, interactive: bool) -> str | None:
    """The id of the actor a name means, or None for a new actor. Asked again, in
    a terminal, when the name is close to known ones but matches none."""
    while True:
        actor = registry.find(name)
        if actor is not None:
            print(f"  {q('found', name=name, actor=actor.name, id=actor.id)}")
            return actor.id
        close = registry.suggest(name)
        if not close or not interactive:
            return None
        print("  " + q("close", names="; ".join(f"{c} ({registry.find(c).id})" for c in close)))
        again = input(q("close.question") + "\n> ").strip()
        if not again:
            return None
        name = again


def gather(q: Questions, args: argparse.Namespace, interactive: bool, registry: Registry) -> dict:
    """Every answer, from the options or asked, each checked as it is given."""
    answers: dict = {}

    def answer(option: str, check, required: bool = True, default: str | None = None, **values):
        value = getattr(args, option)
        if value is not None:
            return given(check, value) if check else value or None
        if interactive:
            with completing(registry.all_names() if option == "city" else []):
                return ask(q(f"{option}.question", **values), check, required, default)
        if required:
            raise Refused(q("option", option=option.replace("_", "-")))
        return default

    answers["title"] = answer("title", q.length_between(10, 120))
    answers["slug"] = choose_slug(q, args.directory, answers["title"], args.slug, interactive)
    answers["language"] = answer("language", q.practice_language, False, q.language, default_name=q.words(f"language.{q.language}"))
    answers["city"] = answer("city", q.length_between(2, 120))
    answers["actor"] = find_actor(q, registry, answers["city"], interactive)
    if answers["actor"] is None:
        if not interactive and (args.kind is None or args.country is None):
            raise Refused(q("actor.missing", name=answers["city"]))
        if args.kind is None:
            show(q("kinds"), practice_schema.actor_vocabulary("kind"), q.language)
        answers["kind"] = answer("kind", q.kind)
        answers["country"] = answer("country", q.country)
    answers["summary"] = answer("summary", q.length_between(50, 600))
    if args.theme:
        answers["themes"] = given(q.themes, ", ".join(args.theme))
    elif interactive:
        show(q("themes"), practice_schema.vocabulary("theme"), q.language)
        answers["themes"] = ask(q("theme.question"), q.themes, True)
    else:
        raise Refused(q("option", option="theme"))
    answers["source_title"] = answer("source_title", q.length_between(3, 300))
    answers["source_publisher"] = answer("source_publisher", None, False)
    answers["source_date"] = answer("source_date", q.date, False)
    answers["source_url"] = answer("source_url", q.url, False)
    return answers


def actor_text(name: str, kind: str, country: str) -> str:
    return (
        "---\n# yaml-language-server: $schema=../catalog/schemas/actor.schema.json\n"
        f"name: {json.dumps(name, ensure_ascii=False)}\nkind: {kind}\ncountry: {country}\n"
        "# names:          # its name in French or Spanish, where it differs\n#   fr: ...\n"
        "# aliases: []     # acronyms and other names\n# coordinates: [latitude, longitude]\n---\n"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="new_practice.py", description="Start a practice file from a few answers.")
    english = Questions("en")
    for option in ("title", "language", "city", "kind", "country", "summary", "theme", "source_title", "source_publisher", "source_date", "source_url"):
        parser.add_argument(f"--{option.replace('_', '-')}", action="append" if option == "theme" else "store", help=english(f"{option}.question", default_name="English"))
    parser.add_argument("--slug", help="the file name without .md (default: made from the title)")
    parser.add_argument("--lang", choices=LANGUAGES, default=environment_language(), help="the language of the questions (default: your system's, else English)")
    parser.add_argument("--directory", type=Path, default=ROOT / "practices", help="where practices live (default: practices/)")
    parser.add_argument("--actors", type=Path, help="the registry of actors (default: actors/ beside the practices)")
    args = parser.parse_args(argv)
    q = Questions(args.lang)
    actors = args.actors or args.directory.parent / "actors"
    registry, _ = read_registry(actors, args.directory.parent)
    try:
        answers = gather(q, args, interactive=sys.stdin.isatty(), registry=registry)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 1 if isinstance(refusal, Taken) else 2
    except (EOFError, KeyboardInterrupt):
        print("\n" + q("nothing"), file=sys.stderr)
        return 1
    path = args.directory / f"{answers['slug']}.md"
    actor_id, actor_path = answers["actor"], None
    if actor_id is None:
        actor_id = short_slug(answers["city"])
        actor_path = actors / f"{actor_id}.md"
    for existing in (path, actor_path):
        if existing is not None and existing.exists():  # written meanwhile, by someone else
            print(q("file.exists", path=existing), file=sys.stderr)
            return 1
    source = {"title": answers["source_title"], "publisher": answers["source_publisher"], "date": answers["source_date"], "url": answers["source_url"]}
    text = practice_text(
        {
            "title": answers["title"],
            "summary": answers["summary"],
            "city": actor_id,
            "themes": answers["themes"],
            "sources": [{key: value for key, value in source.items() if value}],
            "last_reviewed": datetime.date.today().isoformat(),
        },
        language=answers["language"],
        comments=q.language,
    )
    if actor_path is not None:
        actor_path.parent.mkdir(parents=True, exist_ok=True)
        actor_path.write_text(actor_text(answers["city"], answers["kind"], answers["country"]), encoding="utf-8")
        print(q("written.actor", path=actor_path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(q("written", path=path))
    _, problems = check_paths([path], root=Path.cwd(), registry=read_registry(actors, args.directory.parent)[0])
    if problems:
        print(q("todo"))
        for problem in problems:
            print(f"  {problem.text(q.language)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
