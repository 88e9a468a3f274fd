"""Start a practice: answer a few plain questions, get practices/<slug>.md with
the facts filled in and the sections of the story waiting to be written.

    python scripts/new_practice.py
    python scripts/new_practice.py --title "Lyon: twinning with Dakar" --city Lyon --country France \\
        --theme twinning --source-title "Annual report 2020" --summary "..."

Questions not answered by an option are asked. An existing practice is never
overwritten. Exit status: 0 when the file was written, 1 when it was not, 2 on
bad usage.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing anything more

try:
    from catalog import places
    from catalog import schema as practice_schema
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


QUESTIONS = [  # option, question, how to check the answer, required
    ("title", "What is the practice called? (10 to 120 characters, e.g. 'Dakar: city diplomacy and twinning')", length_between(10, 120, "title"), True),
    ("city", "Which city or local government carried it out?", length_between(2, 80, "city"), True),
    ("country", "In which country? (its name or two-letter code)", country_code, True),
    ("summary", "In two or three sentences, what is the practice? (50 to 600 characters)", length_between(50, 600, "summary"), True),
    ("theme", "Which themes? Give one to six numbers from the list above, separated by spaces.", None, True),
    ("source_title", "What is the title of a published source for it (report, article, page)?", length_between(3, 300, "source title"), True),
    ("source_publisher", "Who published it? (leave empty if unknown)", None, False),
    ("source_date", "When was it published? (2021, 2021-02 or 2021-02-25; leave empty if unknown)", None, False),
    ("source_url", "Where can it be read online? (https://...; leave empty if not online)", None, False),
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


def gather(args: argparse.Namespace, interactive: bool) -> dict:
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
            answers[option] = ask(question, check, required)
        elif required:
            raise Refused(f"Give --{option.replace('_', '-')}, or run without options to be asked.")
        else:
            answers[option] = None
    return answers


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="new_practice.py", description="Start a practice file from a few answers.")
    for option, question, _, _ in QUESTIONS:
        parser.add_argument(f"--{option.replace('_', '-')}", action="append" if option == "theme" else "store", help=question)
    parser.add_argument("--slug", help="the file name without .md (default: made from the title)")
    parser.add_argument("--directory", type=Path, default=ROOT / "practices", help="where practices live (default: practices/)")
    args = parser.parse_args(argv)
    try:
        answers = gather(args, interactive=sys.stdin.isatty())
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\nNothing was written.", file=sys.stderr)
        return 1
    slug = args.slug or suggested_slug(answers["title"])[:60].strip("-")
    path = args.directory / f"{slug}.md"
    if path.exists():
        print(f"{path} already exists: nothing was written. Choose another --slug, or edit that file.", file=sys.stderr)
        return 1
    source = {"title": answers["source_title"], "publisher": answers["source_publisher"], "date": answers["source_date"], "url": answers["source_url"]}
    text = practice_text(
        {
            "title": answers["title"],
            "summary": answers["summary"],
            "city": answers["city"],
            "country": answers["country"],
            "themes": answers["theme"],
            "sources": [{key: value for key, value in source.items() if value}],
            "last_reviewed": datetime.date.today().isoformat(),
        }
    )
    path.write_text(text, encoding="utf-8")
    print(f"Written: {path}")
    _, problems = check_paths([path], root=Path.cwd())
    if problems:
        print("Still to do before the practice can be published:")
        for problem in problems:
            print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
