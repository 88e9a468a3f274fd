"""A proposal received by email or download, read safely and taken into the
project: the Propose form's ZIP (`proposal-<slug>.zip`, holding the practice and
new actors' files at their repository paths) or a single practice file.

Nothing of a proposal is trusted. A ZIP may hold only practices/<name>.md and
actors/<name>.md (translations, <name>.<language>.md, included): no absolute
path, no "..", no link, no other folder or file, no name that is not UTF-8, no
entry or whole that unpacks past the limits below. Anything else refuses the
whole proposal, with problems in the validator's form (file, line, field, what
and how), so that scripts/intake.py and scripts/validate.py print them alike."""

from __future__ import annotations

import datetime
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import schema as practice_schema
from .actors import read_registry
from .languages import LANGUAGES
from .model import ACTORS_FOLDER, PRACTICES_FOLDER, check_paths
from .problems import Problem, shown
from .reading import MAX_FILE_BYTES, Document, read_bytes, read_document
from .validation import check_file_name, is_slug, translation_language

FOLDERS = (PRACTICES_FOLDER, ACTORS_FOLDER)  # where a proposal's files go, and nowhere else
# The most files a proposal can need: its practice and every actor a practice can
# name (who carried it out, its partners, its networks), each in every language.
MAX_ENTRIES = len(LANGUAGES) * (2 + sum(practice_schema.schema()["properties"][name]["maxItems"] for name in ("partners", "networks")))
# Each file at most what the validator reads (reading.MAX_FILE_BYTES); the whole,
# packed or unpacked, at most ten such files: a real proposal is a few kilobytes.
MAX_TOTAL_BYTES = 10 * MAX_FILE_BYTES
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what the form writes (and every ZIP tool can)
UTF8_NAMES = 0x800  # the ZIP flag that says an entry's name is UTF-8

FORM = "Ask the contributor for the form's download as it was, or for the practice file alone."
ONLY = "Only practices/<name>.md and actors/<name>.md are taken in."
BOMB = "Do not open it with other tools either: it may be made to fill a disk. " + FORM


@dataclass(frozen=True)
class Proposal:
    """What a proposal holds: each file's path in the project and its bytes."""

    source: str  # the file received, as messages name it
    files: dict[str, bytes]  # e.g. "practices/lyon-twinning.md" -> its bytes, in the order received

    @property
    def practices(self) -> list[str]:
        """The practices to preview: the originals it holds, else those its translations translate."""
        practices = [path for path in self.files if path.startswith("practices/")]
        originals = [path for path in practices if not translation_language(Path(path))]
        return originals or list(dict.fromkeys(f"practices/{Path(path).name.split('.')[0]}.md" for path in practices))

    def shown(self, path: str) -> str:
        """A file of the proposal as messages name it: inside the ZIP (proposal-x.zip/practices/x.md)."""
        return f"{self.source}/{path}" if self.source.lower().endswith(".zip") else path


class ProposalRefused(Exception):
    """The proposal cannot be taken in; carries every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def read_proposal(path: Path, shown_as: str | None = None) -> Proposal:
    """A ZIP from the Propose form, or a single practice file, read without
    trusting it. Raises ProposalRefused."""
    source = shown_as or path.as_posix()
    if path.suffix.lower() == ".zip":
        return Proposal(source, read_zip(path, source))
    if path.suffix.lower() == ".md":
        return Proposal(source, {practice_path(path.name, source): read_limited(path, source)})
    raise ProposalRefused([Problem(source, 1, "file", "only a ZIP from the Propose form (proposal-<name>.zip) or a single practice file (<name>.md) can be taken in.", FORM)])


def practice_path(name: str, source: str) -> str:
    """Where a practice file received alone goes: practices/<its name>, if that
    is a practice's name; else the validator's word on the name."""
    path = f"practices/{name}"
    if proposal_entry(path):
        return path
    doc = Document(Path(name), source)
    check_file_name(doc, translation=bool(translation_language(Path(name))))
    raise ProposalRefused(doc.problems or [not_taken(source, name)])


def read_limited(path: Path, source: str) -> bytes:
    """A file received alone, read no further than the validator reads one."""
    content = read_bytes(path)
    if len(content) > MAX_FILE_BYTES:
        raise ProposalRefused(read_document(path, source, raw=content).problems)
    return content


def proposal_entry(name: str) -> bool:
    """practices/<slug>.md, actors/<id>.md, or a translation of either (<slug>.fr.md)."""
    path = PurePosixPath(name)
    if len(path.parts) != 2 or path.parts[0] not in FOLDERS or not name.endswith(".md"):
        return False
    stem, _, language = path.name.removesuffix(".md").partition(".")
    return is_slug(stem) and (not language or language in LANGUAGES)


def too_large(source: str, name: str) -> Problem:
    return Problem(source, 1, "file", f"the entry {shown(name)} unpacks to more than {MAX_FILE_BYTES // 1_000_000} MB; a practice or an actor is far smaller.", BOMB)


def too_large_whole(source: str) -> Problem:
    return Problem(source, 1, "file", f"the ZIP unpacks to more than {MAX_TOTAL_BYTES // 1_000_000} MB; a proposal is a few kilobytes.", BOMB)


def not_taken(source: str, name: str) -> Problem:
    return Problem(source, 1, "file", f"the entry {shown(name)} is not a practice (practices/<name>.md) or an actor (actors/<name>.md).", ONLY)


def read_zip(path: Path, source: str) -> dict[str, bytes]:
    """Every entry of the ZIP, each checked before a byte of it is unpacked, and
    unpacked no further than the limits, whatever its header claims."""
    if path.stat().st_size > MAX_TOTAL_BYTES:
        raise ProposalRefused([Problem(source, 1, "file", f"the file is larger than {MAX_TOTAL_BYTES // 1_000_000} MB; a proposal is a few kilobytes.", FORM)])
    damaged = Problem(source, 1, "file", "this is not a ZIP file, or it is damaged.", FORM)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ProposalRefused([Problem(source, 1, "file", f"the ZIP holds {len(entries)} entries; a proposal holds at most {MAX_ENTRIES}.", FORM)])
            problems = [problem for entry in entries if (problem := entry_problem(entry, source))]
            names = [entry.filename for entry in entries]
            problems += [Problem(source, 1, "file", f"the entry {shown(name)} appears twice.", FORM) for name in dict.fromkeys(n for n in names if names.count(n) > 1)]
            files = [entry for entry in entries if not entry.is_dir()]
            if not problems and not files:
                problems.append(Problem(source, 1, "file", "the ZIP holds no practice or actor file.", FORM))
            if not problems and sum(entry.file_size for entry in files) > MAX_TOTAL_BYTES:
                problems.append(too_large_whole(source))
            if problems:
                raise ProposalRefused(problems)
            read: dict[str, bytes] = {}
            total = 0
            for entry in files:
                with archive.open(entry) as stream:
                    content = stream.read(MAX_FILE_BYTES + 1)  # a header can lie about the size: never read past the limit
                total += len(content)
                if len(content) > MAX_FILE_BYTES:
                    raise ProposalRefused([too_large(source, entry.filename)])
                if total > MAX_TOTAL_BYTES:
                    raise ProposalRefused([too_large_whole(source)])
                read[entry.filename] = content
            return read
    except UnicodeDecodeError:  # a name flagged as UTF-8 that is not
        raise ProposalRefused([name_not_utf8(source)]) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError):
        raise ProposalRefused([damaged]) from None


def name_not_utf8(source: str) -> Problem:
    return Problem(source, 1, "file", "an entry's name is not written in UTF-8.", "The form writes UTF-8 names. " + FORM)


def entry_problem(entry: zipfile.ZipInfo, source: str) -> Problem | None:
    """Why an entry cannot be taken in, if it cannot."""
    name = entry.filename
    if not name.isascii() and not entry.flag_bits & UTF8_NAMES:
        try:  # without the flag, Python read the name as the old DOS encoding: see whether its bytes were UTF-8
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return name_not_utf8(source)

    def refused(message: str, hint: str = ONLY) -> Problem:
        return Problem(source, 1, "file", message, hint)

    mode = entry.external_attr >> 16 if entry.create_system == 3 else 0  # Unix permissions, when a Unix tool wrote them
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return refused(f"the entry {shown(name)} has an absolute path.")
    if ".." in parts:
        return refused(f'the entry {shown(name)} goes up out of its folder ("..").')
    if stat.S_ISLNK(mode):
        return refused(f"the entry {shown(name)} is a link, not a file.")
    if entry.is_dir():
        return None if name.rstrip("/") in FOLDERS else not_taken(source, name)
    if (stat.S_IFMT(mode) and not stat.S_ISREG(mode)) or not proposal_entry(name):  # a file type given must be a plain file
        return not_taken(source, name)
    if entry.flag_bits & 0x1:
        return refused(f"the entry {shown(name)} is encrypted.", FORM)
    if entry.compress_type not in METHODS:
        return refused(f"the entry {shown(name)} is compressed in a way the form does not use.", FORM)
    if entry.file_size > MAX_FILE_BYTES:
        return too_large(source, name)
    return None


# --- into the project ---------------------------------------------------------------


def conflicts(proposal: Proposal, project: Path) -> list[str]:
    """The proposal's files that exist in the project with other content."""
    return [path for path, content in proposal.files.items() if (target := project / path).exists() and not (target.is_file() and target.read_bytes() == content)]


def place_proposal(proposal: Proposal, project: Path, force: bool = False) -> list[tuple[str, str]]:
    """Write the proposal's files into the project: (path, "new" | "same" |
    "replaced") for each. A file that exists with other content is replaced only
    with `force`; without it nothing at all is written (see conflicts)."""
    if not force and (found := conflicts(proposal, project)):
        raise FileExistsError(found[0])
    placed = []
    for path, content in proposal.files.items():
        target = project / path
        if target.is_file() and not target.is_symlink() and target.read_bytes() == content:
            placed.append((path, "same"))
            continue
        existed = target.exists() or target.is_symlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all, and in place of a link rather than through it.
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        placed.append((path, "replaced" if existed else "new"))
    return placed


def check_proposal(proposal: Proposal, project: Path, today: datetime.date | None = None, **options) -> tuple[int, list[Problem]]:
    """Check the proposal's files as they would be in the project, without
    writing there: against the project's registry plus the proposal's own actors.
    Problems in its files are named as the proposal names them (inside the ZIP);
    a problem its actors cause in the registry (a name another actor already
    has) is reported too, on whichever file the registry reports it. `options`
    go to model.check_paths."""
    with tempfile.TemporaryDirectory(prefix="proposal-") as folder:
        overlay = Path(folder)
        if (project / ACTORS_FOLDER).is_dir():
            shutil.copytree(project / ACTORS_FOLDER, overlay / ACTORS_FOLDER, symlinks=True)
        (overlay / PRACTICES_FOLDER).mkdir()
        for path, content in proposal.files.items():
            (overlay / path).parent.mkdir(exist_ok=True)
            (overlay / path).unlink(missing_ok=True)
            (overlay / path).write_bytes(content)
        for path in proposal.practices:  # a translation is checked against its original, in the project
            if path not in proposal.files and (project / path).is_file():
                shutil.copyfile(project / path, overlay / path)
        before = set(read_registry(project / ACTORS_FOLDER, project)[1])
        registry, after = read_registry(overlay / ACTORS_FOLDER, overlay)
        checked, problems = check_paths([overlay / path for path in proposal.files], root=overlay, today=today, registry=registry, **options)
    found = sorted(set(problems) | {problem for problem in after if problem not in before})
    return checked, [renamed(problem, proposal.shown(problem.file)) if problem.file in proposal.files else problem for problem in found]


def renamed(problem: Problem, file: str) -> Problem:
    return Problem(file, problem.line, problem.field, problem.message, problem.hint)
