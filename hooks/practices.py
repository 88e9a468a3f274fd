"""MkDocs hooks: put the practice catalog into the site. They translate MkDocs
events into calls to the `catalog` package and back; the logic lives there.

One language is one MkDocs build: mkdocs.yml builds English at the root, and
mkdocs.fr.yml and mkdocs.es.yml (which inherit it) build French and Spanish into
fr/ and es/. The English build starts the others as soon as it starts, each in a
process of its own (in parallel where the machine has cores to spare), and waits
for them once its own pages are written, so that `mkdocs build` and `mkdocs
serve` always give the whole site; then Pagefind indexes all languages at once.

`scripts/serve.py` (`dev.py serve`) runs each language's build itself instead
(PRACTICES_ONE_LANGUAGE), as dirty builds that rewrite only the generated pages
whose content changed (PRACTICES_PAGE_RECORDS), and indexes search in the
background."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from mkdocs.config import config_options
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from catalog import Catalog, InvalidPractices, load_catalog
from catalog.audit import audit_site
from catalog.freshness import site_date
from catalog.gazetteer import prefetch_towns
from catalog.i18n import LANGUAGES, Words, language_root
from catalog.languages import LOCALES, config_file, translated_name
from catalog.model import practice_entries
from catalog.pages import escape
from catalog.reference import ABOUT_PAGE, about_page, contribute_page
from catalog.render import Contributions
from catalog.searchindex import SearchIndexError, index_site, pages_to_index
from catalog.site import Site
from catalog.story import Heading

log = get_plugin_logger(__name__)

PREVIEW = "PRACTICE_PREVIEW"  # set by `scripts/dev.py preview`: the only practices to build
SHARED_CATALOG = "PRACTICES_SHARED_CATALOG"  # set for the other languages' builds: the catalog read once
# Set by `scripts/serve.py`, which runs each language's build itself and indexes
# search in the background: build only this configuration's language, no search index.
ONE_LANGUAGE = "PRACTICES_ONE_LANGUAGE"
# Set by `scripts/serve.py` to a folder: record there what each generated page was
# made from, so that a dirty build (`build(config, dirty=True)`) rewrites only the
# pages whose content changed.
PAGE_RECORDS = "PRACTICES_PAGE_RECORDS"
# The language of the problems a build reports (set by `dev.py serve` and
# `preview` from --lang); English unless set, as CI reads them.
MESSAGES = "PRACTICES_MESSAGES_LANGUAGE"
# Set by .github/workflows/publish.yml: the repository the site is published from
# (https://github.com/<owner>/<name>) and its default branch, taken as repo_url
# when mkdocs.yml names none; and PUBLISH=1, for a build that publishes the site,
# which must say where proposals go (see where_proposals_go).
REPOSITORY, BRANCH, PUBLISH = "SITE_REPOSITORY", "SITE_BRANCH", "SITE_PUBLISH"
EMAIL = re.compile(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+")


@dataclass
class BuildState:
    """What one build (one language) learnt, for its own later events. MkDocs loads
    this module once and the English build runs the others from inside its
    post-build event, so nothing of a build may live in module globals."""

    warnings: WarningCounter
    catalog: Catalog | None = None
    files: Files | None = None
    pages: dict[str, object] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)  # src_uri -> the day its content last changed
    content_date: str | None = None  # the newest of them: the site's date, unless SOURCE_DATE_EPOCH says otherwise
    languages: list[LanguageBuild] = field(default_factory=list)  # the other languages' builds, started by the default one
    shared: Path | None = None  # the folder of the catalog handed to them
    previewed: list[str] | None = None  # a preview's practices (PRACTICE_PREVIEW), found once per build
    record: Path | None = None  # where this build records what its generated pages were made from (PAGE_RECORDS)
    made_from: dict[str, str] = field(default_factory=dict)  # src_uri -> fingerprint of what made the page, to record


class GeneratedFile(File):
    """A generated page. A dirty build rewrites it only when what it is made of
    changed since the build recorded in PAGE_RECORDS, or when it is gone."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


@dataclass
class LanguageBuild:
    """Another language's build, running in its own process into a folder beside
    the site, moved into place when it is done."""

    language: str
    process: subprocess.Popen
    folder: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


# The builds running, innermost last, by their config: a language's build starts
# and ends inside the English one's.
_running: dict[int, BuildState] = {}


def state_of(config: MkDocsConfig) -> BuildState:
    return _running[id(config)]


def finish(state_key: int) -> None:
    """Forget a build, stop counting its warnings, and stop what it started."""
    state = _running.pop(state_key, None)
    if state is not None:
        logging.getLogger("mkdocs").removeHandler(state.warnings)
        for other in state.languages:
            other.stop()
        if state.shared:
            shutil.rmtree(state.shared, ignore_errors=True)


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def practices_dir(config: MkDocsConfig) -> Path:
    return project_dir(config) / "practices"


def language_of(config: MkDocsConfig) -> str:
    return config.theme["language"]


def contributing_file(config: MkDocsConfig) -> Path:
    """CONTRIBUTING.md, or its translation: also the site's Contribute page."""
    path = project_dir(config) / translated_name("CONTRIBUTING.md", language_of(config))
    if not path.is_file():
        raise PluginError(f"{path.name} is missing: every language of the site (catalog/languages.py) has its own guide.")
    return path


def one_language() -> bool:
    return bool(os.environ.get(ONE_LANGUAGE))


def leads_the_site(config: MkDocsConfig) -> bool:
    """The default language's build starts the others, waits for them and indexes
    them all for search (unless only one language is built)."""
    return language_of(config) == LANGUAGES[0] and not one_language()


def previewed(config: MkDocsConfig) -> list[str] | None:
    """The practices a preview builds: those named, and those the hand-written
    pages and CONTRIBUTING link to, so that their links lead somewhere."""
    names = os.environ.get(PREVIEW)
    if not names:
        return None
    project = project_dir(config)
    linked = set()
    for page in [*Path(config.docs_dir).rglob("*.md"), *project.glob("CONTRIBUTING*.md")]:
        linked |= {f"{slug}.md" for slug in re.findall(r"\]\((?:\.\./)*practices/([a-z0-9-]+)\.md\)", page.read_text(encoding="utf-8"))}
    return sorted({name for name in names.split(os.pathsep) if name} | {name for name in linked if (practices_dir(config) / name).is_file()})


class WarningCounter(logging.Handler):
    """Counts warnings itself: MkDocs' own count is skipped under -q."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.messages: list[str] = []  # the first few, to say what they were even under -q

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.messages) < 5:
            self.messages.append(record.getMessage())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if language_of(config) not in LANGUAGES:
        raise PluginError(f"theme.language is {language_of(config)!r}; the site's languages are {', '.join(LANGUAGES)}.")
    # `mkdocs serve` rebuilds when a practice or another language changes, not only docs/.
    project = project_dir(config)
    config.watch += [str(practices_dir(config)), str(project / "actors"), *map(str, project.glob("CONTRIBUTING*.md")), *map(str, project.glob("mkdocs.*.yml"))]
    state = _running[id(config)] = BuildState(WarningCounter(), previewed=previewed(config))
    if records := os.environ.get(PAGE_RECORDS):
        state.record = Path(records) / f"{language_of(config)}.json"
    if config.strict:
        # Under -q the "mkdocs" logger drops warnings before anything can count
        # them: let them through to our counter, still silent on the console.
        logger = logging.getLogger("mkdocs")
        if logger.level > logging.WARNING:
            for handler in logger.handlers:
                handler.setLevel(max(handler.level, logger.level))
            logger.setLevel(logging.WARNING)
        logger.addHandler(state.warnings)  # counts its own warnings and those of the builds it runs
    where_proposals_go(config)
    return config


def where_proposals_go(config: MkDocsConfig) -> None:
    """The repository from the publishing workflow (REPOSITORY) when mkdocs.yml
    names none, with what MkDocs derives from repo_url (the header's repository
    name; edit_uri, on the branch BRANCH names); a proposals address that is one;
    and a publishing build (PUBLISH) refused when it names neither a repository
    nor an address: its Propose form and Contribute page would lead nowhere."""
    if not config.repo_url and (repository := os.environ.get(REPOSITORY, "").strip()):
        try:
            config.repo_url = config_options.URL().validate(repository)
        except ValidationError as error:
            raise PluginError(f"{REPOSITORY} is {repository!r}, which is not a web address: {error}") from None
        config_options.RepoName("repo_url").post_validation(config, "repo_name")
        if config.edit_uri is None:  # each language's own pages (docs/fr/ ...), on the branch proposals go to
            docs = Path(config.docs_dir).resolve().relative_to(project_dir(config)).as_posix()
            config.edit_uri = f"edit/{os.environ.get(BRANCH) or 'main'}/{docs}/"
    email = config.extra.get("proposals_email")
    email = email.strip() if isinstance(email, str) else email
    if email and not (isinstance(email, str) and EMAIL.fullmatch(email)):
        raise PluginError(f"extra.proposals_email in mkdocs.yml is {email!r}, which is not an email address: write it as name@example.org, or leave it empty.")
    if os.environ.get(PUBLISH, "").strip() not in ("", "0") and not config.repo_url and not email:
        raise PluginError(
            f"This build publishes the site ({PUBLISH} is set) but names nowhere to send proposals: the Propose form and the Contribute page "
            "would lead nowhere. Set repo_url in mkdocs.yml (https://github.com/<owner>/<name>; .github/workflows/publish.yml passes the "
            f"repository it runs in as {REPOSITORY}), or extra.proposals_email, or both."
        )


def contributions(config: MkDocsConfig) -> Contributions:
    """Where proposals go, from the settings where_proposals_go completed."""
    return Contributions.from_settings(config.repo_url, config.edit_uri, (config.extra.get("proposals_email") or "").strip())


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Read and check the catalog, once for all languages: from the default
    language, hand it to the others' builds, started now to run while this one does."""
    state = state_of(config)
    if language_of(config) == LANGUAGES[0]:
        prefetch_towns()  # the Propose form's towns, read while the catalog is (catalog.gazetteer)
    state.catalog = read_catalog(config)
    if leads_the_site(config):
        shared = Path(tempfile.mkdtemp(prefix="catalog-"))  # private to this user
        state.shared = shared
        with open(shared / "catalog.pickle", "wb") as stream:
            pickle.dump(state.catalog, stream, protocol=pickle.HIGHEST_PROTOCOL)
        state.languages = [start_language(config, language, shared / "catalog.pickle") for language in LANGUAGES[1:]]


def read_catalog(config: MkDocsConfig) -> Catalog:
    """The catalog this build publishes: the one the default language's build read
    and checked, when it runs this one; else read and checked here."""
    if language_of(config) != LANGUAGES[0] and (given := os.environ.get(SHARED_CATALOG)):
        with open(given, "rb") as stream:
            return pickle.load(stream)
    try:
        return load_catalog(practices_dir(config), only=state_of(config).previewed)
    except InvalidPractices as error:
        language = os.environ.get(MESSAGES) if os.environ.get(MESSAGES) in LANGUAGES else LANGUAGES[0]
        for problem in error.problems:
            log.error(problem.text(language))
        raise PluginError(Words(language)("build.problems", count=len(error.problems))) from None


def start_language(config: MkDocsConfig, language: str, catalog: Path) -> LanguageBuild:
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    # Beside the site, so that it moves into place in one rename; this build cleans the site itself.
    folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-{language}-", dir=site.parent))
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(project_dir(config) / config_file(language)), "--site-dir", str(folder)]
    if config.strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", SHARED_CATALOG: str(catalog)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return LanguageBuild(language, process, folder)


def wait_for_languages(config: MkDocsConfig, state: BuildState) -> None:
    """Wait for the other languages' builds; pass on what they say; move their sites
    into this one. Fails if any failed."""
    failed = []
    for other in state.languages:
        _, said = other.process.communicate()
        for level, message in messages_of(said):
            if level in ("WARNING", "ERROR"):  # a warning of theirs is this build's too, for strict mode
                (log.warning if level == "WARNING" else log.error)(f"[{other.language}] {message}")
        if other.process.returncode != 0:
            failed.append(other.language)
            continue
        target = Path(config.site_dir) / other.language
        shutil.rmtree(target, ignore_errors=True)
        os.replace(other.folder, target)
    if failed:
        raise PluginError(f"The {', '.join(failed)} build failed: see its messages above.")


def messages_of(output: str) -> list[tuple[str, str]]:
    """MkDocs' log lines ("WARNING -  text", continued on indented lines) as (level, text)."""
    found: list[tuple[str, str]] = []
    for line in output.splitlines():
        level, separator, text = line.partition(" -  ")
        if separator and level.strip().isupper() and not line.startswith(" "):
            found.append((level.strip(), text.strip()))
        elif found and line.strip():
            found[-1] = (found[-1][0], f"{found[-1][1]}\n  {line.strip()}")
    return found


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read every practice strictly and add its page and the index pages. Runs
    before MkDocs builds the navigation, so nav entries may name generated pages."""
    state = state_of(config)
    catalog = state.catalog
    language = language_of(config)
    # Dates from the content, not the day of the build: the same catalog gives the same site.
    state.dates = {practice.src_uri: practice.last_reviewed for practice in catalog.practices}
    state.content_date = max(state.dates.values(), default=None)
    where = contributions(config)
    site = Site(catalog, directory_urls=config.use_directory_urls, language=language, today=site_date(project_dir(config), state.content_date), contributions=where)
    pages = site.pages()
    pages.append(contribute_page(contributing_file(config).read_text(encoding="utf-8"), site.words, where.repository, site.links, where.email))
    recorded = recorded_pages(config, state)
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"{config.docs_dir}/{page.src_uri} has the same address as a generated page: rename or remove it.")
        # Generated pages are reached through index pages, never from the nav.
        file = GeneratedFile.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        if state.record:
            made_from = state.made_from[page.src_uri] = fingerprint(page, page_date(state, page.src_uri))
            file.unchanged = recorded.get(page.src_uri) == made_from
        files.append(file)
    for path, content in site.files().items():
        files.append(File.generated(config, path, content=content))
    if broken := site.broken_links({file.src_uri for file in files}):
        raise PluginError(f"Generated pages link to pages that do not exist: {', '.join(broken[:10])}")
    state.catalog, state.files, state.pages = catalog, files, {page.src_uri: page for page in pages}
    return files


def fingerprint(page, date: str | None) -> str:
    """What a generated page is made of, in one value: its Markdown, fragments,
    table of contents and date. The same value means the same HTML, as long as
    the templates and configuration (the record's `site`) are the same."""
    digest = hashlib.sha256()
    for part in (page.src_uri, date or "", page.markdown, *(text for pair in page.fragments.items() for text in pair), repr(page.toc)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def site_fingerprint(config: MkDocsConfig) -> str:
    """What every page depends on beside its own content: the configuration files
    and the template overrides. (A change of code restarts `scripts/serve.py`.)"""
    project = project_dir(config)
    digest = hashlib.sha256(f"{language_of(config)} {config.site_dir}".encode())
    for path in sorted([*project.glob("mkdocs*.yml"), *(project / "overrides").rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def recorded_pages(config: MkDocsConfig, state: BuildState) -> dict[str, str]:
    """src_uri -> fingerprint of the pages the last recorded build wrote, if it
    had the same configuration and templates."""
    if not state.record or not state.record.is_file():
        return {}
    try:
        record = json.loads(state.record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record.get("pages", {}) if record.get("site") == site_fingerprint(config) else {}


def page_date(state: BuildState, src_uri: str) -> str | None:
    """A page's date (the sitemap's lastmod): a practice's last review; any other
    page, the newest review in the catalog, unless the caller set SOURCE_DATE_EPOCH."""
    if date := state.dates.get(src_uri):
        return date
    return state.content_date if "SOURCE_DATE_EPOCH" not in os.environ else None


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Our words and the language switcher, for the theme's templates; every
    page's date (see page_date), once all pages exist, those a dirty build
    leaves as they are included: the sitemap lists them all."""
    state = state_of(config)
    for file in files.documentation_pages():
        if file.page is not None and (date := page_date(state, file.src_uri)):
            file.page.update_date = date
    language = language_of(config)
    env.globals["words"] = Words(language)
    env.globals["site_languages"] = [
        {"code": code, "name": Locale(code).get_display_name(code).capitalize(), "root": language_root(language, code), "current": code == language, "locale": LOCALES[code]}
        for code in LANGUAGES
    ]
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The hand-written About page says where proposals go, from the settings,
    in place of its marker line (catalog.reference.about_page)."""
    if page.file.src_uri != ABOUT_PAGE:
        return markdown
    where = contributions(config)
    try:
        return about_page(markdown, Words(language_of(config)), where.repository, where.email)
    except ValueError as error:
        raise PluginError(f"{page.file.abs_src_path}: {error}") from None


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the generated HTML (panels, lists, a practice's story) in place of its
    markers, and a practice's own table of contents in place of the site's."""
    generated = state_of(config).pages.get(page.file.src_uri)
    if generated is None:
        return html
    if generated.toc is not None:
        page.toc = table_of_contents(generated.toc)
    try:
        filled = generated.fill(html)
    except ValueError as error:
        raise PluginError(str(error)) from None
    generated.fragments = {}  # in the page now: no need to keep a second copy until the build ends
    return filled


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """A page written needs its content no more: MkDocs keeps every page's HTML
    until the build ends, the whole site in memory at once."""
    page.content = None
    return output


def table_of_contents(headings: tuple[Heading, ...]) -> TableOfContents:
    """MkDocs' table of contents from the catalog's. The theme prints titles as
    HTML: they are handed over escaped."""

    def token(heading: Heading) -> dict:
        return {"level": heading.level, "id": heading.id, "name": escape(heading.title), "children": [token(child) for child in heading.children]}

    return get_toc([token(heading) for heading in headings])


def on_post_build(*, config: MkDocsConfig) -> None:
    """Check this language's site; from the default language, build the others,
    then index them all for search. Fails if any practice is missing from its
    page, an index page, the map, the search index or the open data."""
    state = state_of(config)
    catalog, files = state.catalog, state.files
    site_dir = Path(config.site_dir)

    def locate(src_uri: str) -> tuple[Path, str]:
        file = files.get_file_from_path(src_uri)
        return Path(file.abs_dest_path), file.url

    listed = practice_entries(practices_dir(config), state.previewed)
    language = language_of(config)
    try:
        # The nothing-lost audit reads every page written. `dev.py serve` (which records
        # its pages) skips it to answer an edit sooner; every `mkdocs build` and CI run it.
        problems = [] if state.record else audit_site(catalog, list(state.pages.values()), listed, site_dir, locate, exports=language == LANGUAGES[0], language=language)
        if problems:
            raise PluginError(f"Practices were lost in the {language} build:\n" + "\n".join(problems))
        if leads_the_site(config):
            wait_for_languages(config, state)
        if config.strict and state.warnings.count:  # before indexing: a build that fails, fails sooner
            shown = "".join(f"\n  {message}" for message in state.warnings.messages)
            raise PluginError(f"{state.warnings.count} warning(s) in strict mode: the site is not published with warnings.{shown}")
        if leads_the_site(config):
            indexed = index_site(site_dir)
            if indexed != (expected := pages_to_index(site_dir)):
                raise PluginError(f"Practices were lost in the build: the search index holds {indexed} pages of the {expected} written.")
            log.info(f"{len(catalog.practices)} practices built in {len(LANGUAGES)} languages, each on its page and in every index; {indexed} pages searchable.")
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    if state.record:  # only once the pages are written
        state.record.parent.mkdir(parents=True, exist_ok=True)
        state.record.write_text(json.dumps({"site": site_fingerprint(config), "pages": state.made_from}), encoding="utf-8")
    finish(id(config))  # on an error, on_build_error finishes it


def on_build_error(*, error: Exception) -> None:
    """A build that fails is the innermost one still running: a language's build
    fails inside the English one, whose own error comes after."""
    if _running:
        finish(next(reversed(_running)))
