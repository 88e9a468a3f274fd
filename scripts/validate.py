"""Check practice and actor files and say, for each problem, the file, the line,
the field and how to fix it.

    python scripts/validate.py                      every file in practices/ and actors/
    python scripts/validate.py practices/my-city.md one file (or several, or folders; actors/dakar.md too)
    python scripts/validate.py proposal-my-city.zip the Propose form's ZIP, as `dev.py intake` reads it
    python scripts/validate.py --format github      as GitHub annotations (in English unless --lang says otherwise)
    python scripts/validate.py --lang fr            in French (or es, en; default: your system's language)

Exit status: 0 when every practice is valid, 1 when any is not, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog.i18n import LANGUAGES, Words, environment_language
    from catalog.model import check_paths
    from catalog.problems import Problem
    from catalog.proposals import ProposalRefused, check_proposal, read_proposal
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="validate.py", description="Check practice files.")
    parser.add_argument("paths", nargs="*", type=Path, help="practice or actor files, or folders (default: practices/ and actors/)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="how to print problems")
    parser.add_argument("--lang", choices=LANGUAGES, help="the language of the messages (default: your system's; English for --format github)")
    args = parser.parse_args(argv)
    language = args.lang or ("en" if args.format == "github" else environment_language())
    words = Words(language)
    paths = args.paths or [ROOT / "practices", ROOT / "actors"]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        parser.error(f"no such file or folder: {missing[0]}")
    proposals = [p for p in paths if p.suffix.lower() == ".zip" and p.is_file()]
    paths = [p for p in paths if p not in proposals]
    checked, problems = check_paths([p.absolute() for p in paths], root=Path.cwd(), language=language)
    more, found = check_proposals(proposals, language)
    checked, problems = checked + more, sorted(problems + found)
    for problem in problems:
        print(problem.github(language) if args.format == "github" else problem.text(language))
    files = len({p.file for p in problems})
    if problems:
        print(words("validate.problems", problems=len(problems), files=files, checked=checked), file=sys.stderr)
        return 1
    print(words("validate.none", checked=checked), file=sys.stderr)
    return 0


def check_proposals(zips: list[Path], language: str) -> tuple[int, list[Problem]]:
    """ZIPs from the Propose form (proposal-<name>.zip), read as `dev.py intake`
    reads them: their files checked against the project's registry plus the
    ZIP's own new actors, problems named inside the ZIP (proposal-x.zip/practices/x.md)."""
    checked, problems = 0, []
    for path in zips:
        try:
            count, found = check_proposal(read_proposal(path), ROOT, language=language)
        except ProposalRefused as refused:
            count, found = 1, refused.problems
        checked, problems = checked + count, problems + found
    return checked, problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
