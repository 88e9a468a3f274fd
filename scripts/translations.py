"""List what is left to translate, language by language: the practices and
actors' texts with no translation yet, and the translations made from an earlier
version of their original.

    python scripts/translations.py              every language, in your system's language
    python scripts/translations.py --lang fr    the messages in French (or es, en)
    python scripts/translations.py --only es    only what is missing or out of date in Spanish
    python scripts/translations.py --format github   as GitHub warnings (CI reports them, never fails)

Exit status: 0, whatever is left to translate (an untranslated practice is
published in its own language, with a notice); 1 when the practices cannot be
read (run validate.py to see why); 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog.i18n import LANGUAGES, Words, environment_language
    from catalog.model import load_catalog
    from catalog.problems import InvalidPractices
    from catalog.translations import gaps
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="translations.py", description="List missing and outdated translations.")
    parser.add_argument("--lang", choices=LANGUAGES, help="the language of the messages (default: your system's)")
    parser.add_argument("--only", choices=LANGUAGES, help="list only what is left to translate into this language")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--practices", type=Path, default=ROOT / "practices", help="the folder of practices (default: practices/)")
    args = parser.parse_args(argv)
    words = Words(args.lang or ("en" if args.format == "github" else environment_language()))
    try:
        catalog = load_catalog(args.practices, root=Path.cwd())
    except InvalidPractices as error:
        print(words("translations.unreadable", count=len(error.problems)), file=sys.stderr)
        return 1
    found = [gap for gap in gaps(catalog, Path.cwd()) if args.only in (None, gap.language)]
    for language in [args.only] if args.only else LANGUAGES:
        here = [gap for gap in found if gap.language == language]
        if not here:
            if args.format == "text" and language != LANGUAGES[0] or args.only:
                print(words("translations.complete", language=words.language_name(language)))
            continue
        if args.format == "text":
            missing, outdated = (sum(gap.state == state for gap in here) for state in ("missing", "outdated"))
            print(words("translations.heading", language=words.language_name(language), missing=missing, outdated=outdated))
        for gap in here:
            line = words(f"translations.{gap.state}", original=gap.original, translation=gap.translation, version=gap.version)
            if args.format == "github":
                file = gap.translation if gap.state == "outdated" else gap.original
                print(f"::warning file={file},title=Translation::{line}")
            else:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
