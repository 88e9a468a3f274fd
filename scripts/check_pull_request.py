"""Check that a pull request brings content or code, not both. Content is a
practice or an actor file: `practices/<name>.md` and `actors/<name>.md`, directly
in those folders. Everything else (configuration, pages, styles, tests, guides,
scripts, workflows) can change what runs or what readers see, and is reviewed as
code: a pull request that brings content may bring nothing else.

    python scripts/check_pull_request.py origin/main

Compares the current commit with the given base. Exit status: 0 when the pull
request keeps content and code apart, 1 when it mixes them, 2 on bad usage.
"""

from __future__ import annotations

import re
import subprocess
import sys

CONTENT = re.compile(r"(?:practices|actors)/[^/]+\.md")


def is_content(path: str) -> bool:
    return bool(CONTENT.fullmatch(path))


def mixed(paths: list[str]) -> list[str]:
    """The files that are not content, in a pull request that also brings content."""
    if not any(is_content(path) for path in paths):
        return []
    return sorted(path for path in paths if not is_content(path))


def changed_files(base: str) -> list[str]:
    # -z: paths exactly as git has them, even with spaces, quotes or new lines
    result = subprocess.run(["git", "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"git could not compare with {base}: {result.stderr.strip()}")
    return [path for path in result.stdout.split("\0") if path]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    others = mixed(changed_files(argv[0]))
    if others:
        print("This pull request changes practices or actors, and also these other files:")
        for path in others:
            print(f"  {path!r}" if not path.isprintable() else f"  {path}")
        print(
            "A pull request that brings content (practices/<name>.md, actors/<name>.md) may change nothing else. "
            "Please send the other changes in a pull request of their own, so that each can be reviewed for what it is."
        )
        return 1
    print("Content and code are kept apart.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
