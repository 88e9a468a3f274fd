"""Check that a pull request brings content or code, not both: a practice must
never arrive together with a change to what runs when the site is built.

    python scripts/check_pull_request.py origin/main

Compares the current commit with the given base. Exit status: 0 when the pull
request keeps content and code apart, 1 when it mixes them, 2 on bad usage.
"""

from __future__ import annotations

import subprocess
import sys

CONTENT = ("practices/",)
# What runs, or decides what runs, when the site is built or checked.
CODE = (
    "mkdocs.yml", "hooks/", "scripts/", "catalog/", "overrides/", "schema/", "docs/javascripts/",
    "requirements.txt", "pyproject.toml", ".github/", ".ci/", ".pre-commit-config.yaml",
)


def mixed(paths: list[str]) -> list[str]:
    """The code files a pull request changes alongside practices, if it changes any."""
    if not any(path.startswith(CONTENT) for path in paths):
        return []
    return sorted(path for path in paths if path.startswith(CODE) or path in CODE)


def changed_files(base: str) -> list[str]:
    result = subprocess.run(["git", "diff", "--name-only", f"{base}...HEAD"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"git could not compare with {base}: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines() if line]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    code = mixed(changed_files(argv[0]))
    if code:
        print("This pull request changes practices and also files that run when the site is built:")
        for path in code:
            print(f"  {path}")
        print("Please send the practices in one pull request and the other changes in another, so that each can be reviewed for what it is.")
        return 1
    print("Content and code are kept apart.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
