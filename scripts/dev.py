"""Set up and run the project with nothing but Python 3.11+ installed.

    python3 scripts/dev.py serve    build the site and serve it at http://127.0.0.1:8000 (--dev-addr HOST:PORT),
                                    rebuilding what changed after each save (see scripts/serve.py)
    python3 scripts/dev.py build    build the site into site/
    python3 scripts/dev.py preview practices/my-city.md
                                    serve the site with only that practice, to check it quickly
    python3 scripts/dev.py validate [practices/my-city.md]
                                    check practice files (all of practices/ by default)
    python3 scripts/dev.py intake proposal-my-city.zip
                                    take a proposal received by email or download (the form's ZIP, or a
                                    practice file) into practices/ and actors/, check it, preview it
    python3 scripts/dev.py new      start a practice: asks a few questions, writes practices/<slug>.md
                                    (and actors/<id>.md for an actor not yet in the registry)
    python3 scripts/dev.py translations [--lang fr] [--only es]
                                    what is left to translate: missing and out-of-date translations
    python3 scripts/dev.py check-sources
                                    check every source address over the network
    python3 scripts/dev.py review   practices by date of last review; sources without address or date
    python3 scripts/dev.py test     run the whole test suite, one process per core (as root, installs
                                    Debian's chromium for the browser tests if it is missing);
                                    arguments go to pytest (-n 0: one process)

Each command first creates .venv/ and installs requirements.txt into it, again
only when that file has changed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / "requirements.sha256"
CHROMIUM = "/usr/bin/chromium"


def site_languages() -> tuple[str, ...]:
    """The site's languages (catalog/languages.py), read before the requirements
    are installed: that module needs nothing but Python."""
    spec = importlib.util.spec_from_file_location("languages", ROOT / "catalog" / "languages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.LANGUAGES


def ensure_environment() -> None:
    """Create .venv/ and install requirements.txt into it, when needed."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("Creating the virtual environment in .venv/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Installing requirements.txt into .venv/ ...", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)], cwd=ROOT, check=True)
    STAMP.write_text(wanted + "\n")


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium: Playwright's own browser
    download does not work everywhere; a reproducibility test builds the site
    on another day with faketime. Install both where we can (as root, with
    apt-get); elsewhere those tests say how to install them."""
    missing = [package for package, path in (("chromium", CHROMIUM), ("faketime", "/usr/bin/faketime")) if not Path(path).exists()]
    if not missing or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print(f"Installing Debian's {' and '.join(missing)} for the tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    """Run a command of the project and return its exit status. Ctrl+C reaches the
    command too (it shares the terminal), which stops in its own words; this
    process only waits for it, instead of stopping with a traceback."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    # A handler that does nothing, not SIG_IGN: the command starts with Ctrl+C's usual meaning.
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        code = subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        signal.signal(signal.SIGINT, previous)
    return 128 - code if code < 0 else code  # stopped by a signal: 130 for Ctrl+C, as shells say


def preview(extra: list[str]) -> int:
    """Serve the site with only the given practices: as fast with a catalog of
    thousands as with one practice."""
    parser = argparse.ArgumentParser(prog="dev.py preview", description="Serve the site with only these practices.")
    parser.add_argument("practices", nargs="*", type=Path, help="practice files, e.g. practices/my-city.md")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    parser.add_argument("--lang", choices=site_languages(), help="the language of the problems reported (default: your system's)")
    args = parser.parse_args(extra)
    if not args.practices:
        print("Name the practice to preview, for example: python3 scripts/dev.py preview practices/my-city.md", file=sys.stderr)
        return 2
    for practice in args.practices:
        if not practice.is_file():
            print(f"{practice}: no such file.", file=sys.stderr)
            return 2
    first = args.practices[0]
    language = re.search(r"(?m)^language:\s*[\"']?([a-z]{2})\b", first.read_text(encoding="utf-8", errors="replace"))
    prefix = f"{language[1]}/" if language and language[1] != site_languages()[0] else ""  # a practice is shown first in its own language
    env = {"PRACTICE_PREVIEW": os.pathsep.join(p.name for p in args.practices)}
    page = f"{prefix}practices/{first.name.split('.')[0]}/"
    language = ["--lang", args.lang] if args.lang else []
    return run([str(BIN / "python"), str(ROOT / "scripts" / "serve.py"), "--dev-addr", args.dev_addr, "--page", page, *language], env)


def test(extra: list[str]) -> int:
    """The suite in as many processes as there are cores (at most 4: each runs a
    browser and builds of its own), a test file per process at a time, so that a
    file's shared build is made once. `-n 0` after `test` runs it in one process."""
    ensure_chromium()
    return run([str(BIN / "python"), "-m", "pytest", "-n", "auto", "--maxprocesses", "4", "--dist", "loadfile", *extra])


def main(argv: list[str]) -> int:
    commands = {
        "serve": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "serve.py"), *extra]),
        "build": lambda extra: run([str(BIN / "mkdocs"), "build", "--strict", *extra]),
        "preview": preview,
        "validate": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "validate.py"), *extra]),
        "intake": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "intake.py"), *extra]),
        "new": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "new_practice.py"), *extra]),
        "translations": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "translations.py"), *extra]),
        "check-sources": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "sources.py"), "check", *extra]),
        "review": lambda extra: run([str(BIN / "python"), str(ROOT / "scripts" / "sources.py"), "review", *extra]),
        "test": test,
    }
    if not argv or argv[0] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        ensure_environment()
        return commands[argv[0]](argv[1:])
    except subprocess.CalledProcessError as error:
        print(f"Setting up failed: {' '.join(error.cmd[:3])} exited with {error.returncode}; see the messages above.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # while .venv/ was being set up: run it again to finish
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
