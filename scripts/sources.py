"""Keep the practices' sources alive.

    python scripts/sources.py check     check every source address over the network
    python scripts/sources.py review    practices by date of last review, and sources
                                        without an address or a date

`check` prints one line per problem (file, line, field, what to do) and exits 1 when
there is any: a page gone, a server error or a broken answer, no answer in time, a
page moved for good, or an address or redirect that leads off the public web (this
computer, a private network), which is never fetched.
Options: --timeout SECONDS (default 15) for the whole check of each address, its
redirects included; --workers N (default 8); --format github.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog.freshness import build_date
    from catalog.sources import addresses, check_addresses, review_listing
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py test' once to set up .venv/, then use .venv/bin/python.")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sources.py", description="Check the practices' sources.")
    parser.add_argument("command", choices=("check", "review"))
    parser.add_argument("--practices", type=Path, default=ROOT / "practices", help="the folder of practices (default: practices/)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds for the whole check of each address, redirects included (default 15)")
    parser.add_argument("--workers", type=int, default=8, help="addresses checked at once (default 8)")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    if not args.practices.is_dir():
        parser.error(f"no such folder: {args.practices}")
    if args.command == "review":
        print("\n".join(review_listing(args.practices, Path.cwd(), build_date())))
        return 0
    found = addresses(args.practices, Path.cwd())
    print(f"Checking {len(found)} addresses ...", file=sys.stderr, flush=True)
    problems = check_addresses(found, timeout=args.timeout, workers=args.workers)
    for problem in problems:
        print(problem.github() if args.format == "github" else problem)
    print(f"{len(problems)} problem(s) in {len(found)} address(es)." if problems else f"{len(found)} address(es) checked: all answer.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
