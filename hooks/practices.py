"""MkDocs hooks: put the practice catalog into the site. They translate MkDocs
events into calls to the `catalog` package and back; the logic lives there."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from catalog import Catalog, InvalidPractices, load_catalog
from catalog.model import practice_entries
from catalog.pages import plural
from catalog.reference import contribute_page
from catalog.audit import audit_site
from catalog.searchindex import SearchIndexError, index_site, pages_to_index
from catalog.site import Site

log = get_plugin_logger(__name__)

# What on_files learnt, for the check after the build.
_built: dict[str, object] = {}


PREVIEW = "PRACTICE_PREVIEW"  # set by `scripts/dev.py preview`: the only practices to build


def practices_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent / "practices"


def contributing_file(config: MkDocsConfig) -> Path:
    """CONTRIBUTING.md, which is also the site's Contribute page."""
    return Path(config.config_file_path).resolve().parent / "CONTRIBUTING.md"


def previewed() -> list[str] | None:
    names = os.environ.get(PREVIEW)
    return [name for name in names.split(os.pathsep) if name] if names else None


class WarningCounter(logging.Handler):
    """Counts warnings itself: MkDocs' own count is skipped under -q."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = WarningCounter()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` rebuilds when a practice changes, not only docs/.
    config.watch += [str(practices_dir(config)), str(contributing_file(config))]
    _warnings.count = 0
    if config.strict:
        # Under -q the "mkdocs" logger drops warnings before anything can count
        # them: let them through to our counter, still silent on the console.
        logger = logging.getLogger("mkdocs")
        if logger.level > logging.WARNING:
            for handler in logger.handlers:
                handler.setLevel(max(handler.level, logger.level))
            logger.setLevel(logging.WARNING)
        if _warnings not in logger.handlers:
            logger.addHandler(_warnings)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read every practice strictly and add its page and the index pages. Runs
    before MkDocs builds the navigation, so nav entries may name generated pages."""
    try:
        catalog = load_catalog(practices_dir(config), only=previewed())
    except InvalidPractices as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(
            f"{len(error.problems)} problem(s) in practice files, listed above. "
            "Fix them and build again; 'python scripts/validate.py' checks practices faster."
        ) from None
    site = Site(catalog, directory_urls=config.use_directory_urls)
    pages = site.pages()
    for page in pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} has the same address as a generated page: rename or remove it.")
        # Generated pages are reached through index pages, never from the nav.
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    guide = contribute_page(contributing_file(config).read_text(encoding="utf-8"))
    files.append(File.generated(config, guide.src_uri, content=guide.markdown))
    for path, content in site.files().items():
        files.append(File.generated(config, path, content=content))
    if broken := site.broken_links({file.src_uri for file in files}):
        raise PluginError(f"Generated pages link to pages that do not exist: {', '.join(broken[:10])}")
    _built.update(catalog=catalog, files=files, pages={page.src_uri: page for page in pages})
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the generated HTML (panels, lists) in place of its markers."""
    generated = _built["pages"].get(page.file.src_uri)
    if generated is None:
        return html
    try:
        return generated.fill(html)
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_post_build(*, config: MkDocsConfig) -> None:
    """Index the site for search, then fail the build if any practice is missing
    from its page, an index page, the search index or the open data."""
    catalog: Catalog = _built["catalog"]
    files: Files = _built["files"]
    site_dir = Path(config.site_dir)
    try:
        indexed = index_site(site_dir)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    expected = pages_to_index(site_dir)

    def locate(src_uri: str) -> tuple[Path, str]:
        file = files.get_file_from_path(src_uri)
        return Path(file.abs_dest_path), file.url

    listed = practice_entries(practices_dir(config), previewed())
    problems = audit_site(catalog, list(_built["pages"].values()), listed, site_dir, locate)
    if indexed != expected:
        problems.append(f"The search index holds {indexed} pages of the {expected} written.")
    if problems:
        raise PluginError("Practices were lost in the build:\n" + "\n".join(problems))
    if config.strict and _warnings.count:
        raise PluginError(f"{_warnings.count} warning(s) in strict mode: the site is not published with warnings.")
    log.info(f"{plural(len(catalog.practices), 'practice')} built, each on its page and in every index; {indexed} pages searchable.")
