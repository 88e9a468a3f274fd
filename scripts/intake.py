"""Take a proposal received by email or download into the project: the Propose
form's ZIP (proposal-<name>.zip) or a single practice file (<name>.md).

    python3 scripts/dev.py intake proposal-lyon-twinning.zip
    python3 scripts/dev.py intake lyon-twinning.md --lang fr --no-preview

It reads the file without trusting it (catalog/proposals.py) and refuses, naming
why, anything but practices/<name>.md and actors/<name>.md; places the files
into practices/ and actors/ (a file already there with other content stops it,
nothing written, unless --force); checks them as `validate` does, with its
messages; and serves the practice's preview (`dev.py preview`) unless
--no-preview. Then commit the files on a branch and open a pull request
(MAINTAINING.md, "Proposals received by email or download").

Exit status: 0 when the proposal is in place with no problem, 1 when it was
refused, stopped or has problems, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:
    from catalog.i18n import LANGUAGES, Words, environment_language
    from catalog.proposals import Proposal, ProposalRefused, check_proposal, conflicts, place_proposal, read_proposal
except ImportError as error:  # e.g. run with a Python that lacks the requirements
    sys.exit(f"{error}. Run 'python3 scripts/dev.py intake ...', which sets up .venv/ first.")

# What the maintainer does next, printed with the proposal's names; MAINTAINING.md
# shows the same lines (tests/test_intake.py compares them).
NEXT_STEPS = (
    "git switch --create proposal/{slug}",
    "git add {files}",
    'git commit --message "{slug}: proposed by email or download"',
    "git push --set-upstream origin proposal/{slug}",
)


def next_steps(proposal: Proposal) -> list[str]:
    slug = Path((proposal.practices or list(proposal.files))[0]).name.split(".")[0]
    return [step.format(slug=slug, files=" ".join(proposal.files)) for step in NEXT_STEPS]


def dev_script():
    """scripts/dev.py, whose `preview` serves the practice: one way to preview, whoever asks."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def preview_arguments(proposal: Proposal, address: str, language: str) -> list[str]:
    """The arguments of `dev.py preview` for the proposal's practices (none when
    it holds only a translation of a practice the project lacks)."""
    practices = [str(ROOT / path) for path in proposal.practices if (ROOT / path).is_file()]
    return [*practices, "--dev-addr", address, "--lang", language] if practices else []


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dev.py intake", description="Take a proposal received by email or download into the project.")
    parser.add_argument("proposal", type=Path, help="the form's ZIP (proposal-<name>.zip) or a practice file (<name>.md)")
    parser.add_argument("--force", action="store_true", help="replace files of the project that the proposal holds with other content")
    parser.add_argument("--no-preview", action="store_true", help="do not serve the practice's preview afterwards")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where the preview is served (default 127.0.0.1:8000)")
    parser.add_argument("--lang", choices=LANGUAGES, help="the language of the messages (default: your system's)")
    args = parser.parse_args(argv)
    language = args.lang or environment_language()
    words = Words(language)
    if not args.proposal.is_file():
        parser.error(f"no such file: {args.proposal}")

    try:
        proposal = read_proposal(args.proposal, args.proposal.as_posix())
    except ProposalRefused as refused:
        for problem in refused.problems:
            print(problem.text(language))
        print(words("intake.refused"), file=sys.stderr)
        return 1
    if (found := conflicts(proposal, ROOT)) and not args.force:
        for path in found:
            print(words("intake.exists", file=path))
        print(words("intake.stopped"), file=sys.stderr)
        return 1

    # Checked as the files will be in the project, before they are: a new actor's
    # name that another actor already has is only told against the registry without it.
    checked, problems = check_proposal(proposal, ROOT, language=language)
    for path, how in place_proposal(proposal, ROOT, force=args.force):
        print(words(f"intake.{how}", file=path))
    for problem in problems:
        print(problem.text(language))
    if problems:
        print(words("validate.problems", problems=len(problems), files=len({p.file for p in problems}), checked=checked), file=sys.stderr)
    else:
        print(words("validate.none", checked=checked), file=sys.stderr)
    print(words("intake.next"))
    for step in next_steps(proposal):
        print(f"  {step}")

    preview = preview_arguments(proposal, args.dev_addr, language)
    if args.no_preview or not preview:
        return 1 if problems else 0
    print(words("intake.preview", file=proposal.practices[0]), flush=True)
    try:
        served = dev_script().preview(preview)
    except KeyboardInterrupt:  # Ctrl+C stops the preview, as it should
        served = 0
    return 1 if problems else served


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
