"""Start a practice: answer a few plain questions, get practices/<slug>.md with
the facts filled in and the sections of the story waiting to be written.

    python scripts/new_practice.py
    python scripts/new_practice.py --title "Lyon: twinning with Dakar" --city Lyon --kind municipality \\
        --country France --theme twinning --source-title "Annual report 2020" --summary "..."

Who carried the practice out is an actor of the registry (actors/): any of its
names, in any language, or its acronym finds it. When none fits, the few facts of
a new actor are asked and its file, actors/<id>.md, is written beside the
practice. Questions not answered by an option are asked. An existing file is
never overwritten. Exit status: 0 when the file was written, 1 when it was not,
2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog import places
    from catalog import schema as practice_schema
    from catalog.actors import Registry, folded, read_registry
    from catalog.model import check_paths
    from catalog.template import practice_text
    from catalog.validation import suggested_slug
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")


class Refused(Exception):
    """An answer that cannot be used, with what to do instead."""


def country_code(answer: str) -> str:
    code = answer.strip().upper() if len(answer.strip()) == 2 else places.code_for(answer)
    if not code or not places.is_country(code):
        raise Refused(f'"{answer}" is not a country I know. Write its name in English, French or Spanish, or its two-letter code (SN for Senegal).')
    return code


def theme_slugs(answers: list[str]) -> list[str]:
    themes = list(practice_schema.vocabulary("theme"))
    chosen = []
    for answer in answers:
        for part in answer.replace(",", " ").split():
            slug = themes[int(part) - 1] if part.isdigit() and 0 < int(part) <= len(themes) else part.strip().lower()
            if slug not in themes:
                raise Refused(f'"{part}" is not one of the themes. Choose numbers or names from the list.')
            if slug not in chosen:
                chosen.append(slug)
    if not 1 <= len(chosen) <= 6:
        raise Refused("Choose between one and six themes.")
    return chosen


def length_between(low: int, high: int, what: str):
    def check(answer: str) -> str:
        text = " ".join(answer.split())
        if not low <= len(text) <= high:
            raise Refused(f"The {what} has {len(text)} characters; write between {low} and {high}.")
        if "<" in text or ">" in text:
            raise Refused(f"The {what} must be plain text, without < or >.")
        return text

    return check


def kind_slug(answer: str) -> str:
    kinds = list(practice_schema.actor_vocabulary("kind"))
    text = answer.strip().lower()
    slug = kinds[int(text) - 1] if text.isdigit() and 0 < int(text) <= len(kinds) else text.replace(" ", "-")
    if slug not in kinds:
        raise Refused(f'"{answer}" is not one of the kinds. Choose a number or a name from the list.')
    return slug


QUESTIONS = [  # option, question, how to check the answer, required
    ("title", "What is the practice called? (10 to 120 characters, e.g. 'Dakar: city diplomacy and twinning')", length_between(10, 120, "title"), True),
    ("city", "Which city, region or other local government carried it out? (its name in any language, or its acronym)", length_between(2, 120, "name"), True),
    ("summary", "In two or three sentences, what is the practice? (50 to 600 characters)", length_between(50, 600, "summary"), True),
    ("theme", "Which themes? Give one to six numbers from the list above, separated by spaces.", None, True),
    ("source_title", "What is the title of a published source for it (report, article, page)?", length_between(3, 300, "source title"), True),
    ("source_publisher", "Who published it? (leave empty if unknown)", None, False),
    ("source_date", "When was it published? (2021, 2021-02 or 2021-02-25; leave empty if unknown)", None, False),
    ("source_url", "Where can it be read online? (https://...; leave empty if not online)", None, False),
]
# Asked only when the actor is not in the registry yet.
NEW_ACTOR = [
    ("kind", "It is not in the registry yet: what kind of actor is it? Give a number from the list above.", kind_slug, True),
    ("country", "In which country? (its name or two-letter code)", country_code, True),
]


def ask(question: str, check, required: bool) -> str | None:
    while True:
        answer = input(question + "\n> ").strip()
        if not answer and not required:
            return None
        try:
            return check(answer) if check else answer
        except Refused as refusal:
            print(f"  {refusal}")


def show_themes() -> None:
    print("The themes:")
    for number, term in enumerate(practice_schema.vocabulary("theme").values(), 1):
        print(f"  {number:2}. {term.value}: {term.description}")


def show_kinds() -> None:
    print("The kinds of actor:")
    for number, term in enumerate(practice_schema.actor_vocabulary("kind").values(), 1):
        print(f"  {number:2}. {term.value}: {term.description}")


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


def find_actor(registry: Registry, name: str, interactive: bool) -> str | None:
    """The id of the actor a name means, or None for a new actor. Asked again, in
    a terminal, when the name is close to known ones but matches none."""
    while True:
        actor = registry.find(name)
        if actor is not None:
            print(f"  {name}: {actor.name} ({actor.id}), in the registry.")
            return actor.id
        close = registry.suggest(name)
        if not close or not interactive:
            return None
        print("  Not in the registry. Close to: " + "; ".join(f"{c} ({registry.find(c).id})" for c in close))
        again = input("Write one of these names (or its id) to use it, or press Enter to add a new actor.\n> ").strip()
        if not again:
            return None
        name = again


def gather(args: argparse.Namespace, interactive: bool, registry: Registry) -> dict:
    answers = {}
    for option, question, check, required in QUESTIONS:
        given = getattr(args, option)
        if option == "theme":
            if given:
                answers[option] = theme_slugs(given)
            elif interactive:
                show_themes()
                answers[option] = ask(question, lambda answer: theme_slugs([answer]), True)
            else:
                raise Refused("Give at least one --theme.")
            continue
        if given is not None:
            answers[option] = check(given) if check else given or None
        elif interactive:
            with completing(registry.all_names() if option == "city" else []):
                answers[option] = ask(question, check, required)
        elif required:
            raise Refused(f"Give --{option.replace('_', '-')}, or run without options to be asked.")
        else:
            answers[option] = None
        if option == "city":
            answers["actor"] = find_actor(registry, answers["city"], interactive)
            if answers["actor"] is None:
                answers.update(new_actor(args, interactive))
    return answers


def new_actor(args: argparse.Namespace, interactive: bool) -> dict:
    """The kind and country of an actor the registry does not know yet."""
    answers = {}
    for option, question, check, required in NEW_ACTOR:
        given = getattr(args, option)
        if given is not None:
            answers[option] = check(given)
        elif interactive:
            if option == "kind":
                show_kinds()
            answers[option] = ask(question, check, required)
        else:
            raise Refused(f"{args.city!r} is not in the registry of actors (actors/): give --kind and --country to add it, or name a known actor.")
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
    for option, question, _, _ in QUESTIONS + NEW_ACTOR:
        parser.add_argument(f"--{option.replace('_', '-')}", action="append" if option == "theme" else "store", help=question)
    parser.add_argument("--slug", help="the file name without .md (default: made from the title)")
    parser.add_argument("--directory", type=Path, default=ROOT / "practices", help="where practices live (default: practices/)")
    parser.add_argument("--actors", type=Path, help="the registry of actors (default: actors/ beside the practices)")
    args = parser.parse_args(argv)
    actors = args.actors or args.directory.parent / "actors"
    registry, _ = read_registry(actors, args.directory.parent)
    try:
        answers = gather(args, interactive=sys.stdin.isatty(), registry=registry)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\nNothing was written.", file=sys.stderr)
        return 1
    slug = args.slug or suggested_slug(answers["title"])[:60].strip("-")
    path = args.directory / f"{slug}.md"
    actor_id, actor_path = answers["actor"], None
    if actor_id is None:
        actor_id = suggested_slug(answers["city"])[:60].strip("-")
        actor_path = actors / f"{actor_id}.md"
    for existing in (path, actor_path):
        if existing is not None and existing.exists():
            print(f"{existing} already exists: nothing was written. Choose another --slug, or edit that file.", file=sys.stderr)
            return 1
    source = {"title": answers["source_title"], "publisher": answers["source_publisher"], "date": answers["source_date"], "url": answers["source_url"]}
    text = practice_text(
        {
            "title": answers["title"],
            "summary": answers["summary"],
            "city": actor_id,
            "themes": answers["theme"],
            "sources": [{key: value for key, value in source.items() if value}],
            "last_reviewed": datetime.date.today().isoformat(),
        }
    )
    if actor_path is not None:
        actor_path.parent.mkdir(parents=True, exist_ok=True)
        actor_path.write_text(actor_text(answers["city"], answers["kind"], answers["country"]), encoding="utf-8")
        print(f"Written: {actor_path} (a new actor: add its names in French and Spanish, acronyms and coordinates if you know them)")
    path.write_text(text, encoding="utf-8")
    print(f"Written: {path}")
    _, problems = check_paths([path], root=Path.cwd(), registry=read_registry(actors, args.directory.parent)[0])
    if problems:
        print("Still to do before the practice can be published:")
        for problem in problems:
            print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
