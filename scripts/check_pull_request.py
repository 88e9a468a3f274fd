"""Say what a pull request changes that a maintainer must read before anything of
it runs or is merged. Content is a practice or an actor file, `practices/<name>.md`
(translations `practices/<slug>.<language>.md` included) and `actors/<name>.md`,
plain files directly in those folders. Anything else is code: configuration,
pages, styles, tests, guides, scripts, workflows, links, submodules, executable
files, and any path git ignores (such a file hides among local files once checked
out: `.venv/.../x.pth` runs with the next command). Content may also take away
what others rely on: a practice, translation or actor file deleted or renamed, a
name that now means another actor, a practice that now points to another actor,
an actor's predecessor changed. Each needs a maintainer's label once read.

    python3 scripts/check_pull_request.py origin/main HEAD
    python3 scripts/check_pull_request.py BASE HEAD --label "reviewed: code"

BASE and HEAD are commits. Their files are read from git as data (the working
tree is never read), and HEAD is compared with where it left BASE (as
`git diff BASE...HEAD`). CI runs the base branch's copy of this script, never
the pull request's. Exit status: 0 when nothing needs a label that is missing,
1 when something does, 2 on bad usage or when git cannot compare the commits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath
from typing import NamedTuple

try:
    from catalog.actors import Registry, actor_from, read_actor
    from catalog.model import actors_named
    from catalog.problems import field_name, shown
    from catalog.reading import read_document
    from catalog.text import folded
    from catalog.validation import translation_language
except ModuleNotFoundError:  # run with a bare python3: run again in this clone's environment, as dev.py does
    from dev import BIN, VENV, ensure_environment  # this script's own folder comes first on sys.path

    if __name__ != "__main__" or Path(sys.prefix).resolve() == VENV.resolve():
        raise
    ensure_environment()
    os.execv(BIN / "python", [str(BIN / "python"), __file__, *sys.argv[1:]])

REVIEWED = "reviewed: "  # every label that lets a pull request pass starts so; new commits take them away
CODE_LABEL = REVIEWED + "code"
REMOVALS_LABEL = REVIEWED + "removals"
CONTENT = re.compile(r"(?:practices|actors)/[^/]+\.md")
FILE, EXECUTABLE, LINK, SUBMODULE = "100644", "100755", "120000", "160000"
MODES = {EXECUTABLE: "marked as a program (executable)", LINK: "a link to another path, not a file", SUBMODULE: "another repository (a submodule), not a file"}


class GitError(Exception):
    pass


def git(*args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], input=data, capture_output=True)
    if result.returncode != 0:
        raise GitError(f"git {args[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def commit_of(revision: str) -> str:
    try:
        return git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"{revision!r} is not a commit git knows here (fetch it first, e.g. git fetch origin pull/123/head:pr-123).") from None


# --- what git says changed -------------------------------------------------------------------


class Change(NamedTuple):
    status: str  # A added, M modified, D deleted, R renamed, T type changed (file <-> link <-> submodule)
    old_path: str | None
    new_path: str | None
    old_mode: str
    new_mode: str


def changes(since: str, head: str) -> list[Change]:
    """Every path the pull request touches, with its modes: `--raw -z` gives paths
    exactly as git holds them (spaces, quotes, new lines) and the mode that tells
    a file from a link or a submodule."""
    fields = git("diff", "--raw", "-z", "--no-abbrev", "--find-renames", "--ignore-submodules=none", "--no-ext-diff", "--no-textconv", since, head).split(b"\0")
    found, i = [], 0
    while i < len(fields) - 1:
        old_mode, new_mode, _, _, status = fields[i].decode().lstrip(":").split(" ")
        kind = status[0]
        if kind in "RC":
            old, new, i = fields[i + 1].decode("utf-8", "surrogateescape"), fields[i + 2].decode("utf-8", "surrogateescape"), i + 3
        else:
            path, i = fields[i + 1].decode("utf-8", "surrogateescape"), i + 2
            old, new = (path, None) if kind == "D" else (path, path)
        if kind == "A":
            old = None
        found.append(Change(kind, old, new, old_mode, new_mode))
    return found


def entries(commit: str, *where: str) -> list[tuple[str, str, str]]:
    """(mode, object id, path) of every file of a commit, or of those in the given folders."""
    found = []
    for entry in filter(None, git("ls-tree", "-r", "-z", "--full-tree", commit, "--", *where).split(b"\0")):
        info, path = entry.split(b"\t", 1)
        mode, _, oid = info.decode().split(" ")
        found.append((mode, oid, path.decode("utf-8", "surrogateescape")))
    return found


def tree(commit: str, folder: str) -> dict[str, str]:
    """The plain files directly in a folder of a commit, path -> object id."""
    return {path: oid for mode, oid, path in entries(commit, f"{folder}/") if mode == FILE and PurePosixPath(path).parent.as_posix() == folder}


def blobs(oids: list[str]) -> list[bytes]:
    """The contents of many files in one call to git."""
    output = git("cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    contents, position = [], 0
    for _ in oids:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split(b" ")[2])
        contents.append(output[header_end + 1 : header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def ignored(base: str, paths: list[str]) -> dict[str, str]:
    """The paths git ignores under the base's .gitignore files, each with the rule
    that ignores it. git itself decides, in an empty repository holding only those
    files: neither the working tree nor a user's own ignore rules take part."""
    if not paths:
        return {}
    rules = [(path, oid) for mode, oid, path in entries(base) if mode == FILE and PurePosixPath(path).name == ".gitignore"]
    with tempfile.TemporaryDirectory() as scratch:
        git("init", "--quiet", scratch)
        for (path, _), text in zip(rules, blobs([oid for _, oid in rules])):
            target = Path(scratch, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text)
        answer = subprocess.run(
            ["git", "-c", "core.excludesFile=", "check-ignore", "--no-index", "--verbose", "--stdin", "-z"],
            input=b"".join(path.encode("utf-8", "surrogateescape") + b"\0" for path in paths),
            capture_output=True,
            cwd=scratch,
            env={name: value for name, value in os.environ.items() if not name.startswith("GIT_")},
        )
    if answer.returncode not in (0, 1):  # 1: nothing is ignored
        raise GitError(f"git check-ignore failed: {answer.stderr.decode(errors='replace').strip()}")
    fields = answer.stdout.split(b"\0")
    found = {}
    for source, line, pattern, path in zip(fields[0::4], fields[1::4], fields[2::4], fields[3::4]):
        if not pattern.startswith(b"!"):  # a rule that starts with ! keeps the path
            found[path.decode("utf-8", "surrogateescape")] = f"{source.decode()} line {line.decode()}: {pattern.decode()}"
    return found


# --- content, code, and what is taken away ---------------------------------------------------


def is_content(path: str) -> bool:
    return bool(CONTENT.fullmatch(path)) and path.isprintable()


def why_code(path: str, mode: str, ignore_rule: str | None) -> str | None:
    """Why this file, as the pull request leaves it, is code ("" when its place says
    it all), or None when it is content."""
    if ignore_rule:
        return f"git ignores this path ({ignore_rule}): once checked out it hides among local files, where the tools may run it"
    if mode in MODES:
        return MODES[mode]
    if mode != FILE:
        return f"an entry of unknown kind (mode {mode})"
    if CONTENT.fullmatch(path) and not path.isprintable():
        return "its name holds characters that cannot be shown (line breaks, control or direction characters)"
    return None if is_content(path) else ""


def code_changes(found: list[Change], ignore_rules: dict[str, str]) -> list[str]:
    lines = []
    for change in found:
        if change.status in "DR" and not is_content(change.old_path):  # a code file taken away is a change of code
            lines.append(f"{shown_path(change.old_path)}: " + ("deleted" if change.status == "D" else f"renamed to {shown_path(change.new_path)}"))
        if change.new_path is not None and (reason := why_code(change.new_path, change.new_mode, ignore_rules.get(change.new_path))) is not None:
            lines.append(f"{shown_path(change.new_path)}: {reason}" if reason else shown_path(change.new_path))
    return lines


def removed_files(found: list[Change]) -> list[str]:
    lines = []
    for change in found:
        if change.status in "DR" and is_content(change.old_path):
            what = "an actor" if change.old_path.startswith("actors/") else "a translation" if translation_language(Path(change.old_path)) else "a practice"
            where = "is deleted" if change.status == "D" else f"is renamed to {shown_path(change.new_path)}"
            lines.append(f"{change.old_path} ({what}) {where}.")
    return lines


# --- names: what each name and each practice's reference means, before and after -------------


def read_actors(commit: str) -> tuple[Registry, set[str]]:
    """The registry of actors at a commit, read from git and checked as the
    validator checks each actor file, and the actor files that cannot be read (the
    validator reports those). Translations of actors' texts name no actor."""
    files = {path: blob for path, blob in tree(commit, "actors").items() if not translation_language(PurePosixPath(path))}
    actors, unreadable = {}, set()
    for path, raw in zip(files, blobs(list(files.values()))):
        doc = read_actor(Path(path), Path("."), raw=raw) if is_content(path) else None
        if doc is None or doc.problems:
            unreadable.add(path)
            continue
        actors[doc.path.name.removesuffix(".md")] = actor_from(doc)
    return Registry(dict(sorted(actors.items()))), unreadable


def references(meta: dict) -> list[tuple[tuple, str]]:
    """Where a practice names an actor (catalog.model.actors_named), as written."""
    return [(where, name) for where, name in actors_named(meta) if isinstance(name, str)]


def moved_names(since: str, head: str, found: list[Change]) -> list[str]:
    """Every name the base's registry knows, every actor a practice of the pull
    request names, and every predecessor, compared between the two registries.
    A name that now means another actor, or no actor, is listed; a new actor with
    new names is not. (Every name a base practice uses is one of the names the
    base registry knows, so comparing those covers the practices as they were.)"""
    if not any(path.startswith("actors/") for change in found for path in (change.old_path, change.new_path) if path):
        return []  # the same actor files give the same registry
    before, _ = read_actors(since)
    after, unreadable = read_actors(head)
    gone = {change.old_path for change in found if change.status in "DR"}

    def moved(name: str) -> tuple[str, str] | None:
        """The file of the actor a name meant in the base and of the one it means
        now ("no actor"), when they differ."""
        was, now = before.find(name), after.find(name)
        if was is None or (now is not None and now.id == was.id):
            return None
        if now is None and (was.src_uri in unreadable or was.src_uri in gone):
            return None  # the validator reports the file, or its removal is listed
        return was.src_uri, now.src_uri if now else "no actor"

    def meaning(was: str, now: str, verb: str = "means") -> str:
        return f"meant {was} and now {verb} {now}."

    lines = []
    for actor in before.actors.values():
        names: dict[str, str] = {}
        for name in [*actor.all_names(), actor.id]:
            names.setdefault(folded(name), name)  # "Banjul" and its id "banjul" (the registry finds both alike): once
        by_change: dict[tuple[str, str], list[str]] = {}
        for name in names.values():
            if change := moved(name):
                by_change.setdefault(change, []).append(shown(name, 80))
        for (was, now), quoted in by_change.items():
            if len(quoted) == 1:
                lines.append(f"the name {quoted[0]} {meaning(was, now)}")
            else:
                lines.append(f"the names {', '.join(quoted[:-1])} and {quoted[-1]} {meaning(was, now, 'mean')}")
    practices = {path: oid for path, oid in tree(head, "practices").items() if is_content(path) and not translation_language(Path(path))}
    for path, raw in zip(practices, blobs(list(practices.values()))):
        for where, name in references(read_document(Path(path), path, raw=raw).meta):
            if change := moved(name):
                lines.append(f"{path}: {field_name(where)} {shown(name, 80)} {meaning(*change)}")
    for actor in after.actors.values():
        was = before.actors.get(actor.id)
        if was is not None and was.predecessor != actor.predecessor:
            then = f"actors/{was.predecessor}.md" if was.predecessor else "none"
            now = f"actors/{actor.predecessor}.md" if actor.predecessor else "none"
            lines.append(f"{actor.src_uri}: its predecessor was {then} and is now {now}.")
        elif was is None and actor.predecessor in before.actors:
            lines.append(f"{actor.src_uri}, a new actor, says it replaced actors/{actor.predecessor}.md.")
    return list(dict.fromkeys(lines))


# --- the verdict ------------------------------------------------------------------------------


def shown_path(path: str) -> str:
    return path if path.isprintable() else json.dumps(path)


def verdict(base: str, head: str, labels: set[str]) -> tuple[int, list[str]]:
    try:
        since = git("merge-base", base, head).decode().strip()
    except GitError:
        raise GitError("the two commits share no history: is the first one the branch the pull request goes into?") from None
    found = changes(since, head)
    if not found:
        return 0, ["This pull request changes no file."]
    ignore_rules = ignored(base, [change.new_path for change in found if change.new_path is not None])
    code = code_changes(found, ignore_rules)
    takes_away = removed_files(found) + moved_names(since, head, found)
    brings_content = any(change.new_path and why_code(change.new_path, change.new_mode, ignore_rules.get(change.new_path)) is None for change in found)
    report, status = [], 0
    if code:
        report += ["Review needed: this pull request changes code, files other than practices/<name>.md and actors/<name>.md:"]
        report += [f"  {line}" for line in code]
        if brings_content:
            report += ["It also brings practices or actors: send them in a pull request of their own, so that each is reviewed for what it is."]
        report += [
            "A maintainer reviews a pull request that changes code by reading every changed line before anything of it runs"
            f' (MAINTAINING.md); once read, they label it "{CODE_LABEL}".'
        ]
        if CODE_LABEL in labels:
            report += [f'A maintainer labelled it "{CODE_LABEL}": read.']
        else:
            status = 1
    if takes_away:
        report += ["Review needed: this pull request takes away or moves what others rely on:"]
        report += [f"  {line}" for line in takes_away]
        report += [
            "A maintainer checks with the people concerned that each is meant (a practice withdrawn by its authors, an actor renamed,"
            f' a name that belongs to another actor) and labels the pull request "{REMOVALS_LABEL}".'
        ]
        if REMOVALS_LABEL in labels:
            report += [f'A maintainer labelled it "{REMOVALS_LABEL}": checked.']
        else:
            status = 1
    if not report:
        report = ["This pull request brings only practices and actors, and takes nothing away: a maintainer reviews it as content (MAINTAINING.md)."]
    return status, report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="check_pull_request.py", description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("base", help="the branch the pull request goes into, e.g. origin/main")
    parser.add_argument("head", help="the pull request's last commit, e.g. HEAD or pr-123")
    parser.add_argument("--label", action="append", default=[], help="a label the pull request carries (repeat for each)")
    arguments = parser.parse_args(argv)
    try:
        base, head = commit_of(arguments.base), commit_of(arguments.head)
        status, report = verdict(base, head, set(arguments.label))
    except GitError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Pull request {head[:12]} against {base[:12]}:")
    print("\n".join(report))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
