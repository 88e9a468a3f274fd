"""Trust, third round: what a contributor writes cannot change the markup of the
pages around it. A story's headings never take the ids of the page that shows
it, in any language."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import markdown
import pytest
import yaml
from conftest import ROOT

from catalog.actors import read_registry
from catalog.i18n import LANGUAGES, Words
from catalog.model import load_catalog
from catalog.safety import ACTOR_SECTION_IDS, FORMER_PRACTICES_PREFIX, NOTES_ID, PAGE_IDS, RELATED_ID, SCRIPT_IDS
from catalog.site import Site

# What the pages that show a story call their own sections, in every language.
SECTION_KEYS = ("actor.practices", "actor.former_practices", "actor.partners", "actor.named_by", "actor.through", "notes", "related")


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it for the site's own pages."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        options[name] = settings or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


def page_html(md: markdown.Markdown, page) -> str:
    """A generated page's content as the site shows it: its Markdown rendered,
    its fragments in place."""
    body = page.markdown.split("\n---\n", 1)[1] if page.markdown.startswith("---\n") else page.markdown
    return page.fill(md.reset().convert(body))


def headings_like_the_pages(names: list[str], predecessors: list[str]) -> list[str]:
    """Headings a contributor might give a story: each section title of the pages
    in each language (with and without the actor's names), the bare words, and the
    ids themselves written as words."""
    titles = set()
    for language in LANGUAGES:
        words = Words(language)
        for key in SECTION_KEYS:
            for name in names:
                title = words(key, name=name)
                titles |= {title, title.split(" ")[0], " ".join(title.split(" ")[:2])}
    titles |= {identifier.replace("-", " ").capitalize() for identifier in PAGE_IDS}
    titles |= {f"{FORMER_PRACTICES_PREFIX}{slug}".replace("-", " ") for slug in predecessors}
    titles |= {"Sources", "Source annual report", "Note 1", "Notes 1", "Notes-1", "Practices 1"}
    return sorted(titles)


@pytest.fixture(scope="module")
def catalog_with_headings(tmp_path_factory):
    """The real practices and actors, every actor with a story and every practice
    with a last section whose headings are the pages' own section titles."""
    project = tmp_path_factory.mktemp("headings")
    shutil.copytree(ROOT / "actors", project / "actors")
    shutil.copytree(ROOT / "practices", project / "practices")
    registry, problems = read_registry(project / "actors", project)
    assert problems == []
    predecessors = [actor.predecessor for actor in registry.actors.values() if actor.predecessor]
    assert predecessors, "the registry has an actor with a predecessor: its page shows a section more"
    for actor in registry.actors.values():
        names = [actor.name_in(language) for language in LANGUAGES]
        story = "\n".join(f"## {title}\n\nSome words.\n" for title in headings_like_the_pages(names, predecessors))
        actor.path.write_text(actor.path.read_text(encoding="utf-8") + "\n" + story, encoding="utf-8")
    successor = next(actor for actor in registry.actors.values() if actor.predecessor)
    moved = False
    for path in sorted((project / "practices").glob("*.md")):
        if path.name.count(".") == 1:  # originals; translations keep their text
            text = path.read_text(encoding="utf-8")
            if not moved and f"city: {successor.id}\n" in text:  # the predecessor's page lists a practice: one section more
                text, moved = text.replace(f"city: {successor.id}\n", f"city: {successor.predecessor}\n"), True
            extra = "\n".join(f"### {title}\n\nSome words.\n" for title in headings_like_the_pages(["Dakar"], predecessors))
            path.write_text(text.rstrip("\n") + "\n\n" + extra, encoding="utf-8")
    assert moved
    registry, problems = read_registry(project / "actors", project)
    assert problems == []
    return load_catalog(project / "practices", root=project, registry=registry)  # today: the real practices are reviewed up to now


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_headings_named_like_the_pages_sections_never_take_their_ids(catalog_with_headings, language):
    md = site_markdown()
    pages = Site(catalog_with_headings, language=language).pages()
    seen_sections = Counter()
    for page in pages:
        html = page_html(md, page)
        ids = re.findall(r'\s(?:id|name)="([^"]*)"', html)
        twice = sorted(identifier for identifier, count in Counter(ids).items() if count > 1)
        assert twice == [], f"{page.src_uri} ({language}) uses these ids twice: {twice}"
        if page.toc is not None or page.family == "actor":  # a page with a story takes none of the theme's or the scripts' ids
            assert not [i for i in ids if i in SCRIPT_IDS or i.startswith("__")], page.src_uri
        if page.toc is not None:  # the table of contents the page shows instead of the site's: the same ids
            toc_ids = [heading.id for top in page.toc for heading in (top, *top.children)]
            assert len(toc_ids) == len(set(toc_ids)) and set(toc_ids) <= set(ids), page.src_uri
        seen_sections.update(i for i in ids if i in PAGE_IDS or i.startswith(FORMER_PRACTICES_PREFIX))
    # The pages did show their own sections beside the stories.
    assert {*ACTOR_SECTION_IDS.values(), NOTES_ID, RELATED_ID} <= set(seen_sections)
    assert any(i.startswith(FORMER_PRACTICES_PREFIX) for i in seen_sections)
    actor = next(a for a in catalog_with_headings.registry.actors.values() if a.story.toc)
    story_ids = [h.id for h in actor.story.toc]
    assert "practices-1" in story_ids and "partners-1" in story_ids and "notes-1" in story_ids  # suffixed, as heading_id does


def test_a_heading_too_long_for_an_id_gets_a_shorter_one_and_is_not_refused():
    from catalog.safety import MAX_ID, keep_id
    from catalog.story import render

    long_heading = "Practices of the Ministry of Employment, Vocational Training and Information Technologies, its predecessor in Mauritania"
    story, findings = render(f"## {long_heading}\n\nText.\n\n## {long_heading}\n\nMore.\n\n## {'Word ' * 40}\n\nText.")
    assert findings == []
    ids = [heading.id for heading in story.toc]
    assert len(set(ids)) == 3 and all(len(i) <= MAX_ID and keep_id(i) for i in ids), ids
    assert all(f'id="{i}"' in story.html for i in ids)  # the page keeps every id its table of contents links to
