"""A pull request's way in: what the base branch's check says of it, run as the
workflow runs it (the base's script, on two commits of a throwaway repository,
reading them from git), and the workflows that run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REGISTRY, ROOT, script

from catalog.model import load_catalog

check_pull_request = script("check_pull_request")
SCRIPT = ROOT / "scripts" / "check_pull_request.py"
CODE, REMOVALS = check_pull_request.CODE_LABEL, check_pull_request.REMOVALS_LABEL
PRACTICES = ["dakar-nouakchott-twinning-agreement", "lausanne-solidarity-water-fund-nouakchott"]  # each with its French translation
# git as a contributor has it, whatever the machine's own configuration says
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "A contributor",
           "GIT_AUTHOR_EMAIL": "contributor@example.org", "GIT_COMMITTER_NAME": "A contributor", "GIT_COMMITTER_EMAIL": "contributor@example.org"}


class Repository:
    """A small copy of the project in git: `main` holds the project's actors, two
    practices with their translations, its .gitignore and this check; the pull
    request is the branch `pr`, checked out, one commit per call to commit()."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir()
        self.git("init", "--quiet", "--initial-branch", "main")
        shutil.copytree(ROOT / "actors", path / "actors")
        (path / "practices").mkdir()
        for slug in PRACTICES:
            for name in (f"{slug}.md", f"{slug}.fr.md"):
                shutil.copy(ROOT / "practices" / name, path / "practices" / name)
        # a practice that names an actor by one of its names, not by its id
        self.replace("practices/lausanne-solidarity-water-fund-nouakchott.md", "- name: urban-community-of-nouakchott", "- name: Communauté urbaine de Nouakchott")
        (path / "scripts").mkdir()
        shutil.copy(SCRIPT, path / "scripts" / SCRIPT.name)
        shutil.copy(ROOT / ".gitignore", path / ".gitignore")
        self.git("add", "--all")
        self.git("commit", "--quiet", "--message", "base")
        self.git("switch", "--quiet", "--create", "pr")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True, env=GIT_ENV).stdout

    def write(self, name: str, text: str | bytes) -> None:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        text = self.read(name)
        assert old in text, f"{name} no longer holds {old!r}: choose another line for this test"
        self.write(name, text.replace(old, new))

    def commit(self, message: str = "the pull request") -> None:
        self.git("add", "--all", "--force")  # --force: what .gitignore hides can still be committed
        self.git("commit", "--quiet", "--allow-empty", "--message", message)

    def check(self, *labels: str, script: Path = SCRIPT, base: str = "main", head: str = "pr") -> subprocess.CompletedProcess:
        """The check as the workflow runs it: a script file of the base, the two commits, the labels."""
        options = [option for label in labels for option in ("--label", label)]
        result = subprocess.run([sys.executable, str(script), base, head, *options], cwd=self.path, capture_output=True, text=True, env=GIT_ENV, timeout=120)
        assert "Traceback" not in result.stderr, result.stderr
        return result


@pytest.fixture
def repo(tmp_path) -> Repository:
    return Repository(tmp_path / "project")


def new_actor(actor_id: str, name: str, aliases: list[str] = (), predecessor: str | None = None) -> str:
    lines = ["---", f"name: {name}", "kind: municipality", "country: MR", "coordinates: [18.1, -15.9]"]
    lines += ["aliases:", *(f"  - {alias}" for alias in aliases)] if aliases else []
    lines += [f"predecessor: {{id: {predecessor}, year: 2020}}"] if predecessor else []
    return "\n".join([*lines, "---", "", f"{name} is a test actor.", ""])


def listed(result: subprocess.CompletedProcess) -> list[str]:
    """The items the check lists, one per line, without their indent."""
    return [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]


# --- content passes, code waits for a maintainer's reading --------------------------------


def test_a_file_git_ignores_is_code_even_alone_and_hidden_in_the_virtual_environment(repo):
    repo.write(".venv/lib/python3.11/site-packages/x.pth", "import os; os.system('echo owned')\n")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1
    assert "this pull request changes code" in result.stdout
    [item] = listed(result)
    assert item.startswith(".venv/lib/python3.11/site-packages/x.pth: git ignores this path (.gitignore line 1: .venv/)")
    assert "reading every changed line" in result.stdout and f'"{CODE}"' in result.stdout


@pytest.mark.parametrize("name", ["practices/__pycache__/x.md", "actors/build/x.md", "site/practices/x.md", "practices/x.pyc"])
def test_every_path_the_base_ignores_is_code(repo, name):
    repo.write(name, "---\ntitle: x\n---\n")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "this pull request changes code" in result.stdout
    assert any(item.startswith(f"{name}: ") or item == name for item in listed(result))


def test_the_base_decides_what_is_ignored_not_the_pull_request(repo):
    # the pull request cannot un-ignore its .venv file by changing .gitignore: both are code
    repo.write(".gitignore", "site/\n")
    repo.write(".venv/bin/activate", "echo owned\n")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1
    assert listed(result)[0] == ".gitignore" and listed(result)[1].startswith(".venv/bin/activate: git ignores this path")


def test_a_code_pull_request_waits_for_a_maintainer_who_read_it(repo):
    repo.write("hooks/extra.py", "print('hello')\n")
    repo.write("docs/about.md", "<script>alert(1)</script>\n")
    repo.commit()
    waiting = repo.check()
    assert waiting.returncode == 1 and "this pull request changes code" in waiting.stdout
    assert listed(waiting) == ["docs/about.md", "hooks/extra.py"]
    assert "It also brings practices" not in waiting.stdout
    assert repo.check(REMOVALS).returncode == 1  # only the code label speaks for code
    read = repo.check(CODE)
    assert read.returncode == 0 and f'labelled it "{CODE}"' in read.stdout


def test_a_pull_request_of_practices_and_actors_passes(repo):
    practice = repo.read("practices/dakar-nouakchott-twinning-agreement.md")
    repo.write("practices/rosso-twinning.md", practice.replace("city: dakar", "city: Rosso Town"))
    repo.write("practices/rosso-twinning.es.md", repo.read("practices/dakar-nouakchott-twinning-agreement.fr.md"))
    repo.write("actors/rosso.md", new_actor("rosso", "Rosso", aliases=["Rosso Town", "Commune de Rosso"]))
    repo.replace("practices/dakar-nouakchott-twinning-agreement.md", "city: dakar", "city: Ville de Dakar")  # an edit of a practice
    repo.commit()
    result = repo.check()
    assert result.returncode == 0, result.stdout
    assert "brings only practices and actors, and takes nothing away" in result.stdout and listed(result) == []


def test_content_and_code_together_fail_and_are_told_apart(repo):
    repo.write("practices/rosso-twinning.md", repo.read("practices/dakar-nouakchott-twinning-agreement.md"))
    repo.write("mkdocs.fr.yml", "hooks: [evil.py]\n")  # another language's configuration can declare hooks
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "this pull request changes code" in result.stdout
    assert listed(result) == ["mkdocs.fr.yml"]
    assert "It also brings practices or actors: send them in a pull request of their own" in result.stdout


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda repo: os.symlink("../actors/dakar.md", repo.path / "practices/x.md"), "a link to another path, not a file"),
        (lambda repo: os.symlink("/etc/passwd", repo.path / "actors/x.md"), "a link to another path, not a file"),
        (lambda repo: (repo.path / "practices/dakar-nouakchott-twinning-agreement.md").chmod(0o755), "marked as a program (executable)"),
    ],
    ids=["practice-link", "actor-link", "executable-practice"],
)
def test_a_content_path_that_is_not_a_plain_file_is_code(repo, make, reason):
    make(repo)
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "this pull request changes code" in result.stdout
    [item] = listed(result)
    assert item.endswith(f": {reason}")


def test_a_practice_turned_into_a_link_is_code(repo):
    (repo.path / "practices/dakar-nouakchott-twinning-agreement.fr.md").unlink()
    os.symlink("dakar-nouakchott-twinning-agreement.md", repo.path / "practices/dakar-nouakchott-twinning-agreement.fr.md")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ["practices/dakar-nouakchott-twinning-agreement.fr.md: a link to another path, not a file"]


def test_a_submodule_in_practices_is_code(repo):
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},practices/other.md")
    repo.git("commit", "--quiet", "--message", "a submodule")
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ["practices/other.md: another repository (a submodule), not a file"]


@pytest.mark.parametrize("name", ["practices/rosso\ntwinning.md", "practices/rosso\u202egnp.md", "actors/ros\x1bso.md"], ids=["new-line", "right-to-left", "escape"])
def test_a_content_name_with_characters_that_cannot_be_shown_is_code(repo, name):
    repo.write(name, repo.read("practices/dakar-nouakchott-twinning-agreement.md"))
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "this pull request changes code" in result.stdout
    [item] = listed(result)
    assert item.startswith('"practices/' if name.startswith("practices") else '"actors/') and "cannot be shown" in item
    assert not any(character in item for character in "\n\u202e\x1b")  # escaped, never printed as they are


@pytest.mark.parametrize(
    ("paths", "code"),
    [
        (["practices/lyon.md", "practices/lyon.fr.md", "actors/lyon.md", "practices/lyon twinning.md"], []),
        (["hooks/practices.py", "catalog/site.py"], ["catalog/site.py", "hooks/practices.py"]),  # code alone is code
        (["practices/lyon.md", "docs/fr/zz.py"], ["docs/fr/zz.py"]),
        (["actors/lyon.md", "docs/about.md", "CONTRIBUTING.fr.md"], ["CONTRIBUTING.fr.md", "docs/about.md"]),  # raw HTML in a hand-written page
        (["practices/lyon.md", "practices/sub/lyon.md", "practices/lyon.py", "practicesx/a.md", "actors/.md", "practices/lyon.md.txt"],
         ["actors/.md", "practices/lyon.md.txt", "practices/lyon.py", "practices/sub/lyon.md", "practicesx/a.md"]),
    ],
)
def test_content_is_exactly_a_file_directly_in_practices_or_actors(repo, paths, code):
    for name in paths:
        repo.write(name, "---\nname: x\n---\n")
    repo.commit()
    result = repo.check()
    assert listed(result) == code
    assert result.returncode == (1 if code else 0)


def test_a_pull_request_that_only_deletes_code_is_code(repo):
    repo.git("rm", "--quiet", "scripts/check_pull_request.py")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ["scripts/check_pull_request.py: deleted"]


def test_a_code_file_moved_into_practices_is_still_a_change_of_code(repo):
    repo.write("practices/renamed.md", (repo.path / "scripts/check_pull_request.py").read_text())
    repo.git("rm", "--quiet", "scripts/check_pull_request.py")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ["scripts/check_pull_request.py: renamed to practices/renamed.md"]


def test_a_pull_request_that_changes_nothing_passes(repo):
    repo.commit("nothing")
    result = repo.check()
    assert result.returncode == 0 and "changes no file" in result.stdout


# --- the base's copy decides ----------------------------------------------------------


def test_a_pull_request_that_empties_the_check_is_still_checked_by_the_base_copy(repo):
    repo.write("scripts/check_pull_request.py", "import sys\nsys.exit(0)\n")
    repo.write(".venv/lib/python3.11/site-packages/x.pth", "import os\n")
    repo.commit()
    # the pull request's own copy would let everything through: that is why CI never runs it
    assert subprocess.run([sys.executable, "scripts/check_pull_request.py", "main", "pr"], cwd=repo.path).returncode == 0
    # the workflow checks out the base and runs the base's file, reading the pull request from git
    repo.git("switch", "--quiet", "--detach", "main")
    base_copy = repo.path / "scripts" / "check_pull_request.py"
    assert "sys.exit(0)" not in base_copy.read_text()
    result = repo.check(script=base_copy)
    assert result.returncode == 1 and "this pull request changes code" in result.stdout
    assert listed(result)[0].startswith(".venv/lib/python3.11/site-packages/x.pth: git ignores") and listed(result)[1] == "scripts/check_pull_request.py"


def test_the_working_tree_is_never_read(repo):
    repo.write("actors/rosso.md", new_actor("rosso", "Rosso"))
    repo.commit()
    # what is on disk but not in the commits changes nothing: a deleted practice, an ignored file, an edited actor
    (repo.path / "practices/dakar-nouakchott-twinning-agreement.md").unlink()
    repo.write(".venv/x.pth", "import os\n")
    repo.write("actors/rosso.md", new_actor("rosso", "Rosso", aliases=["CUN"]))
    result = repo.check()
    assert result.returncode == 0, result.stdout
    assert listed(result) == []


def test_the_pull_request_is_compared_with_where_it_left_the_base(repo):
    repo.write("practices/rosso-twinning.md", repo.read("practices/dakar-nouakchott-twinning-agreement.md"))
    repo.commit()
    # the base moves on after the pull request left it: a new actor, a practice, a script
    repo.git("switch", "--quiet", "main")
    repo.write("actors/rosso.md", new_actor("rosso", "Rosso"))
    repo.write("practices/rosso-water.md", repo.read("practices/lausanne-solidarity-water-fund-nouakchott.md"))
    repo.write("scripts/other.py", "print(1)\n")
    repo.commit("main moves on")
    repo.git("switch", "--quiet", "pr")
    result = repo.check()
    assert result.returncode == 0, result.stdout  # none of those is the pull request's


def test_a_commit_git_does_not_know_is_bad_usage_with_a_plain_message(repo):
    result = repo.check(head="pull/123")
    assert result.returncode == 2 and "'pull/123' is not a commit git knows here" in result.stderr


# --- taking away what others rely on --------------------------------------------------


@pytest.mark.parametrize(
    ("change", "item"),
    [
        (lambda repo: repo.git("rm", "--quiet", "practices/lausanne-solidarity-water-fund-nouakchott.md", "practices/lausanne-solidarity-water-fund-nouakchott.fr.md"),
         ["practices/lausanne-solidarity-water-fund-nouakchott.fr.md (a translation) is deleted.", "practices/lausanne-solidarity-water-fund-nouakchott.md (a practice) is deleted."]),
        (lambda repo: repo.git("mv", "practices/dakar-nouakchott-twinning-agreement.md", "practices/dakar-and-nouakchott.md"),
         ["practices/dakar-nouakchott-twinning-agreement.md (a practice) is renamed to practices/dakar-and-nouakchott.md."]),
        (lambda repo: repo.git("rm", "--quiet", "practices/dakar-nouakchott-twinning-agreement.fr.md"),
         ["practices/dakar-nouakchott-twinning-agreement.fr.md (a translation) is deleted."]),
    ],
    ids=["deleted-practice", "renamed-practice", "deleted-translation"],
)
def test_a_practice_or_translation_taken_away_waits_for_a_maintainer(repo, change, item):
    change(repo)
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "takes away or moves what others rely on" in result.stdout
    assert listed(result) == item
    assert "this pull request changes code" not in result.stdout
    assert repo.check(CODE).returncode == 1
    checked = repo.check(REMOVALS)
    assert checked.returncode == 0 and f'labelled it "{REMOVALS}"' in checked.stdout


def test_a_renamed_actor_is_listed_with_every_name_that_now_means_the_new_file(repo):
    repo.git("mv", "actors/banjul.md", "actors/city-of-banjul.md")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1
    assert listed(result)[0] == "actors/banjul.md (an actor) is renamed to actors/city-of-banjul.md."
    assert 'the name "Banjul" meant actors/banjul.md and now means actors/city-of-banjul.md.' in listed(result)
    assert 'practices/dakar-nouakchott-twinning-agreement.md: partners[3].name "banjul" meant actors/banjul.md and now means actors/city-of-banjul.md.' in listed(result)
    assert repo.check(REMOVALS).returncode == 0


def test_a_deleted_actor_is_listed_once(repo):
    repo.git("rm", "--quiet", "actors/banjul.md")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ["actors/banjul.md (an actor) is deleted."]


def without_its_names_in_other_languages(repo) -> None:
    """The Urban Community of Nouakchott loses its `names:` (its French name among them)."""
    text = repo.read("actors/urban-community-of-nouakchott.md")
    kept = re.sub(r"(?m)^names:\n(?:  \w\w: .*\n)+", "", text)
    assert "Communauté urbaine de Nouakchott" in text and "Communauté urbaine de Nouakchott" not in kept
    repo.write("actors/urban-community-of-nouakchott.md", kept)


def test_a_name_moved_to_a_new_actor_is_listed_with_the_practices_it_turns(repo):
    without_its_names_in_other_languages(repo)
    repo.write("actors/impostor.md", new_actor("impostor", "Impostor", aliases=["Communauté urbaine de Nouakchott"]))
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and "takes away or moves what others rely on" in result.stdout
    assert listed(result) == [
        'the name "Communauté urbaine de Nouakchott" meant actors/urban-community-of-nouakchott.md and now means actors/impostor.md.',
        'practices/lausanne-solidarity-water-fund-nouakchott.md: partners[2].name "Communauté urbaine de Nouakchott" meant actors/urban-community-of-nouakchott.md and now means actors/impostor.md.',
    ]
    assert repo.check(REMOVALS).returncode == 0


def test_a_name_another_actor_also_claims_is_listed_when_it_wins(repo):
    # both claim "CUN" (the validator says so too); the registry gives it to the first by id, the new one
    repo.write("actors/cun.md", new_actor("cun", "CUN Holdings", aliases=["CUN"]))
    repo.commit()
    result = repo.check()
    assert result.returncode == 1
    assert listed(result) == ['the name "CUN" meant actors/urban-community-of-nouakchott.md and now means actors/cun.md.']


def test_several_names_moved_together_are_listed_in_one_line(repo):
    repo.replace("actors/urban-community-of-nouakchott.md", "aliases:\n  - CUN\n", "")
    without_its_names_in_other_languages(repo)
    repo.write("actors/impostor.md", new_actor("impostor", "Impostor", aliases=["Communauté urbaine de Nouakchott", "CUN"]))
    repo.commit()
    result = repo.check()
    assert listed(result)[0] == 'the names "Communauté urbaine de Nouakchott" and "CUN" meant actors/urban-community-of-nouakchott.md and now mean actors/impostor.md.'


def test_a_name_taken_away_from_an_actor_is_listed(repo):
    repo.replace("actors/urban-community-of-nouakchott.md", "aliases:\n  - CUN\n", "")
    repo.commit()
    result = repo.check()
    assert result.returncode == 1 and listed(result) == ['the name "CUN" meant actors/urban-community-of-nouakchott.md and now means no actor.']


def test_a_new_actor_with_new_names_passes(repo):
    repo.write("actors/rosso.md", new_actor("rosso", "Rosso", aliases=["Commune de Rosso", "RSO"]))
    repo.replace("actors/dakar.md", "  - commune de Dakar\n", "  - commune de Dakar\n  - Dakar City Hall\n")  # a new name for an actor
    repo.commit()
    result = repo.check()
    assert result.returncode == 0, result.stdout


def test_a_changed_predecessor_is_listed_and_so_is_a_new_actor_claiming_to_succeed_one(repo):
    repo.replace("actors/nouakchott-region.md", "predecessor: {id: urban-community-of-nouakchott, year: 2018}", "predecessor: {id: dakar, year: 2018}")
    repo.write("actors/dakar-metropole.md", new_actor("dakar-metropole", "Dakar Metropole", predecessor="banjul"))
    repo.commit()
    result = repo.check()
    assert result.returncode == 1
    assert listed(result) == [
        "actors/dakar-metropole.md, a new actor, says it replaced actors/banjul.md.",
        "actors/nouakchott-region.md: its predecessor was actors/urban-community-of-nouakchott.md and is now actors/dakar.md.",
    ]


def test_code_and_removals_need_both_labels(repo):
    repo.git("rm", "--quiet", "practices/dakar-nouakchott-twinning-agreement.fr.md")
    repo.write("hooks/extra.py", "print(1)\n")
    repo.commit()
    assert repo.check(CODE).returncode == 1 and repo.check(REMOVALS).returncode == 1
    assert repo.check(CODE, REMOVALS).returncode == 0


def test_files_that_cannot_be_read_are_the_validators_business_not_a_crash(repo):
    # every hostile practice of the test fixtures, as a practice and as an actor, and a broken existing actor
    for path in sorted((FIXTURES / "hostile").iterdir()):
        slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
        repo.write(f"practices/hostile-{slug}.md", path.read_bytes())
        repo.write(f"actors/hostile-{slug}.md", path.read_bytes())
    repo.write("actors/urban-community-of-nouakchott.md", b"\xff\xfe not text")
    repo.write("actors/banjul.md", "---\nname: [unclosed\n---\n")
    repo.commit()
    result = repo.check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert listed(result) == []


# --- one place for what names an actor ------------------------------------------------


def test_the_check_finds_every_actor_the_catalog_finds_in_a_practice():
    catalog = load_catalog(ROOT / "practices", ROOT)
    assert catalog.practices
    for practice in catalog.practices:
        doc = check_pull_request.read_document(practice.path, practice.src_uri, raw=practice.path.read_bytes())
        found = [REGISTRY.find(name).id for _, name in check_pull_request.references(doc.meta)]
        assert found == [practice.actor.id, *(p.actor.id for p in practice.partners), *(n.id for n in practice.networks)], practice.slug


# --- the workflows ----------------------------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"
# git commands that would put the pull request's files on disk or run its hooks
PUTS_FILES_ON_DISK = re.compile(r"\b(?:git\s+(?:checkout|switch|worktree|reset|restore|merge|rebase|pull|cherry-pick|am|apply|stash|read-tree|checkout-index|archive|submodule)|gh\s+pr\s+checkout)\b")


def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def target_workflows() -> list[tuple[str, dict]]:
    found = [(path.name, load_workflow(path)) for path in sorted(WORKFLOWS.glob("*.yml"))]
    return [(name, workflow) for name, workflow in found if "pull_request_target" in workflow["on"]]


def test_the_base_branch_checks_every_pull_request_and_again_when_labels_or_commits_change():
    [(name, workflow)] = target_workflows()
    assert set(workflow["on"]["pull_request_target"]["types"]) >= {"opened", "reopened", "synchronize", "labeled", "unlabeled"}
    [job] = [job for job in workflow["jobs"].values() if any("check_pull_request.py" in step.get("run", "") for step in job["steps"])]
    [step] = [step for step in job["steps"] if "check_pull_request.py" in step.get("run", "")]
    assert 'python scripts/check_pull_request.py "$BASE" "$HEAD_SHA" "${labels[@]}"' in step["run"] and "--label" in step["run"]
    assert "synchronize" in step["env"]["LABELS_STAND"]  # labels speak for the commits read, not for new ones


def test_the_pull_request_target_jobs_never_check_out_or_run_the_pull_request():
    for name, workflow in target_workflows():
        assert "secrets." not in (WORKFLOWS / name).read_text(), f"{name} must use no secrets"
        assert workflow["permissions"] == {"contents": "read"}
        for job_id, job in workflow["jobs"].items():
            steps = job["steps"]
            for step in steps:
                uses = step.get("uses", "")
                assert not uses.startswith("./"), f"{name}: {job_id} runs an action from the checked-out files"
                if uses.startswith("actions/checkout@"):
                    options = step.get("with", {})
                    assert "ref" not in options and "repository" not in options, f"{name}: {job_id} checks out something other than the base"
                    assert options.get("persist-credentials") is False
                if uses.startswith("actions/setup-python@"):
                    assert "cache" not in step.get("with", {}), "a cache written here is read by the base branch's own workflows"
                assert "working-directory" not in step
                assert not PUTS_FILES_ON_DISK.search(step.get("run", "")), f"{name}: {job_id} puts the pull request's files on disk: {step['run']}"
            for step in steps:  # the head reaches a job as data only: its commit id, for git fetch and the script
                for key, value in [*step.get("env", {}).items(), *step.get("with", {}).items(), ("run", step.get("run", ""))]:
                    if any(head in str(value) for head in ("head.sha", "head.ref", "head.repo", "refs/pull/", "merge_commit")):
                        assert (key, value) == ("HEAD_SHA", "${{ github.event.pull_request.head.sha }}"), f"{name}: {job_id}: {key}: {value}"
            permissions = job.get("permissions", workflow["permissions"])
            runs_code = any("uses" in step and "checkout" in step["uses"] or "python" in step.get("run", "") for step in steps)
            if runs_code:
                assert all(level != "write" for level in permissions.values()), f"{name}: {job_id} reads the pull request and may write"
            else:
                assert set(permissions) <= {"pull-requests"}, f"{name}: {job_id} may write more than labels"


def test_the_fetched_head_is_only_fetched_and_handed_to_the_base_script():
    [(name, workflow)] = target_workflows()
    lines = [line.strip() for job in workflow["jobs"].values() for step in job["steps"] for line in step.get("run", "").splitlines()]
    using_head = [line for line in lines if "HEAD_SHA" in line]
    assert len(using_head) == 2 and using_head[0].startswith("git fetch ") and using_head[1].startswith("python scripts/check_pull_request.py ")


def test_new_commits_take_away_the_labels_the_check_reads():
    [(name, workflow)] = target_workflows()
    text = (WORKFLOWS / name).read_text()
    assert f'startswith("{check_pull_request.REVIEWED}")' in text  # the labels the check reads all start so
    assert CODE.startswith(check_pull_request.REVIEWED) and REMOVALS.startswith(check_pull_request.REVIEWED)
    [forget] = [job for job in workflow["jobs"].values() if "synchronize" in str(job.get("if", ""))]
    assert forget["permissions"] == {"pull-requests": "write"}


def test_the_pull_request_trigger_builds_and_tests_but_no_longer_decides_content_and_code():
    workflow = load_workflow(WORKFLOWS / "check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "check_pull_request.py" not in runs
    assert "validate --format github" in runs and "dev.py build" in runs and "dev.py test" in runs


# --- what maintainers read --------------------------------------------------------------


def test_the_maintainers_guide_reviews_in_a_worktree_and_runs_the_base_copy():
    text = " ".join((ROOT / "MAINTAINING.md").read_text().split())
    assert "git worktree add" in text and "Never check out a pull request in your main clone" in text
    assert "python3 scripts/check_pull_request.py origin/main pr-123" in text
    assert "dev.py validate` and `dev.py preview`" in text and "run the pull request's code" in text
    for label in (CODE, REMOVALS):
        assert f'"{label}"' in text or f"`{label}`" in text
