"""Reading front matter as the contributor meant it, and refusing what a practice
never needs, without ever expanding or printing a hostile value."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURES, REGISTRY, TODAY

from catalog.actors import read_actor
from catalog.model import read_practice

MINIMAL = (FIXTURES / "valid" / "minimal-practice.md").read_text()


def read(tmp_path: Path, text: str | bytes, name: str = "a-practice.md"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return read_practice(path, tmp_path, TODAY, REGISTRY)


def test_country_no_stays_norway_and_dates_stay_as_written(tmp_path):
    doc = read(tmp_path, MINIMAL)
    assert doc.problems == []
    assert doc.meta["last_reviewed"] == "2024-01-31"
    (tmp_path / "actors").mkdir()
    actor = tmp_path / "actors" / "oslo.md"
    actor.write_text("---\nname: Oslo\nkind: municipality\ncountry: NO\ncoordinates: [59.91, 10.75]\n---\n")
    doc = read_actor(actor, tmp_path)
    assert doc.problems == []
    assert doc.meta["country"] == "NO" and doc.meta["coordinates"] == [59.91, 10.75]


def test_values_are_typed_by_the_field_they_belong_to(tmp_path):
    text = MINIMAL.replace(
        "city: Dakar",
        "city: 0755\nstart_year: 2018\nsdgs: [11, '17']\nnetworks: [1:20, yes, 1.10]",
    )
    doc = read(tmp_path, text)
    # read as text, as written: then looked up (and not found) in the registry
    assert [p.field for p in doc.problems] == ["city", "networks[1]", "networks[2]", "networks[3]"]
    assert doc.meta["city"] == "0755"
    assert doc.meta["start_year"] == 2018
    assert doc.meta["sdgs"] == [11, 17]
    assert doc.meta["networks"] == ["1:20", "yes", "1.10"]


def test_field_lines_are_known(tmp_path):
    doc = read(tmp_path, MINIMAL)
    assert doc.lines[("title",)] == 2
    assert doc.lines[("sources", 0)] == 7
    assert doc.lines[("sources", 0, "title")] == 7
    assert doc.body_line == 10


def test_windows_line_endings_and_byte_order_mark_are_read(tmp_path):
    doc = read(tmp_path, b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    assert doc.problems == []
    assert doc.meta["city"] == "Dakar"


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = "\n".join(
        ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
        + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]
        + ["---", ""]
    )
    assert len(bomb) < 600
    started = time.perf_counter()
    doc = read(tmp_path, bomb)
    assert time.perf_counter() - started < 1
    [problem] = doc.problems
    assert (problem.line, problem.field) == (2, "a")
    assert "anchors and aliases" in problem.message


def test_deep_nesting_is_refused(tmp_path):
    doc = read(tmp_path, "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    [problem] = doc.problems
    assert (problem.line, problem.field) == (2, "title")
    assert "nested too deeply" in problem.message


def test_python_tags_are_refused(tmp_path):
    doc = read(tmp_path, MINIMAL.replace("city: Dakar", "city: !!python/object/apply:os.system [echo hi]"))
    assert [(p.line, p.field) for p in doc.problems] == [(4, "city")]


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    doc = read(tmp_path, MINIMAL + "x" * 2_000_000)
    [problem] = doc.problems
    assert problem.field == "file" and "larger than 1 MB" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "---\n---\n", "---\n- a\n---\n", "---\njust text\n---\n"])
def test_empty_or_shapeless_front_matter_is_reported(tmp_path, text):
    doc = read(tmp_path, text)
    assert doc.problems, text
    assert all(p.line >= 1 and p.field for p in doc.problems)


def test_a_long_hostile_value_is_never_printed_in_full(tmp_path):
    doc = read(tmp_path, MINIMAL.replace("themes: [twinning]", "themes: [" + "z" * 10_000 + "]"))
    [problem] = doc.problems
    assert "z" * 41 not in str(problem) and "…" in str(problem)


def test_a_practice_is_read_again_only_when_its_file_the_day_or_the_registry_changes(tmp_path):
    # `dev.py serve` rebuilds in one process: an unchanged practice is not parsed again,
    # and nothing else may make it reuse what it read.
    import datetime

    from catalog.actors import Registry
    from catalog.model import read_practice
    from conftest import REGISTRY, ROOT

    TODAY = datetime.date(2026, 12, 1)
    path = tmp_path / "practices" / "dakar-nouakchott-twinning-agreement.md"
    path.parent.mkdir()
    path.write_bytes((ROOT / "practices" / path.name).read_bytes())
    first = read_practice(path, tmp_path, TODAY, REGISTRY)
    assert first.problems == [] and read_practice(path, tmp_path, TODAY, REGISTRY) is first
    path.write_text(path.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    edited = read_practice(path, tmp_path, TODAY, REGISTRY)
    assert edited is not first and edited.meta["title"].startswith("Edited ")
    assert read_practice(path, tmp_path, TODAY + datetime.timedelta(days=1), REGISTRY) is not edited
    without_dakar = Registry({key: actor for key, actor in REGISTRY.actors.items() if key != "dakar"})
    assert [p.field for p in read_practice(path, tmp_path, TODAY, without_dakar).problems] == ["city"]
    assert read_practice(path, tmp_path, TODAY, REGISTRY) is edited
