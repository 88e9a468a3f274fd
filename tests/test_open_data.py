"""The open data as an analyst or a practitioner opens it: every practice in each
language of the site, the CSV files as Excel on Windows reads them, the same
tables as a spreadsheet, each column in the codebook, and the same bytes from
the same catalog."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from catalog import exports, load_catalog, places
from catalog.audit import audit_exports
from catalog.cooperation import build_network
from catalog.i18n import LANGUAGES, Words
from catalog.model import Catalog, Translation
from catalog.pages import Links, escape
from catalog.story import Story

CATALOG = load_catalog(ROOT / "practices")
FILES = exports.data_files(CATALOG, build_network(CATALOG), Links())
TABLES = exports.table_columns()  # name -> columns, as declared once


def read_csv(content: bytes) -> list[dict]:
    """A CSV file as a program reads it: UTF-8, byte-order mark skipped."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def same_cell(in_sheet: object, in_csv: str) -> bool:
    """Whether a spreadsheet cell says what the CSV file's cell says: nothing for
    nothing, the same number, the same text (which the CSV file guards from
    being run as a formula)."""
    if in_sheet is None:
        return in_csv == ""
    if isinstance(in_sheet, (int, float)):
        return float(in_csv) == in_sheet
    return exports.spreadsheet_safe(in_sheet) == in_csv


def column_width(sheet, index: int) -> float:
    """A column's width as set in the file (neighbours of one width are set together)."""
    return next(d.width for d in sheet.column_dimensions.values() if d.min <= index <= d.max)


def data_of(catalog: Catalog) -> dict[str, str | bytes]:
    return exports.data_files(catalog, build_network(catalog), Links())


def translated(practice, language: str, notes: dict[str, str] | None = None, current: bool = True):
    """The practice with a translation into `language` of our own making."""
    translation = Translation(language, practice.path.with_name(f"{practice.slug}.{language}.md"), f"[{language}] {practice.title}", f"[{language}] summary", "", Story("", ()), notes or {}, current)
    return dataclasses.replace(practice, translations={language: translation})


# --- CSV files as Excel on Windows and programs read them ---------------------


@pytest.mark.parametrize("name", [f"{table}.csv" for table in TABLES])
def test_a_csv_file_starts_with_the_byte_order_mark_and_ends_its_lines_with_crlf(name):
    content = FILES[name]
    assert content.startswith(b"\xef\xbb\xbf" + TABLES[name.removesuffix(".csv")][0].name.encode())
    lines = content.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines), "every line ends with CRLF, and only there"
    rows = read_csv(content)
    assert list(rows[0]) == [c.name for c in TABLES[name.removesuffix(".csv")]]


def test_the_practices_csv_holds_every_practice_once():
    rows = read_csv(FILES["practices.csv"])
    assert [row["slug"] for row in rows] == [p.slug for p in CATALOG.practices]


def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text():
    practice = dataclasses.replace(CATALOG.practices[0], title="=HYPERLINK(\"http://example.org\")")
    files = data_of(Catalog([practice], CATALOG.registry))
    assert read_csv(files["practices.csv"])[0]["title"] == "'=HYPERLINK(\"http://example.org\")"  # the CSV guard
    cell = workbook(files[exports.SPREADSHEET])["practices"]["C2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"http://example.org\")", "s")  # a text cell needs no guard


# --- each language -----------------------------------------------------------


def test_a_practice_translated_into_french_only_has_its_french_title_and_no_spanish_one():
    practice = translated(dataclasses.replace(CATALOG.practices[0], translations={}), "fr")
    record = exports.practice_record(practice, Links())
    assert record["title"] == record["title_en"] == practice.title  # written in English
    assert (record["title_fr"], record["summary_fr"]) == (f"[fr] {practice.title}", "[fr] summary")
    assert record["title_es"] is None and record["summary_es"] is None  # never the original in its place
    assert record["translated_into"] == ["fr"] and record["outdated_translations"] == []
    row = read_csv(data_of(Catalog([practice], CATALOG.registry))["practices.csv"])[0]
    assert (row["title_fr"], row["title_es"], row["translated_into"], row["language"]) == (f"[fr] {practice.title}", "", "fr", "en")


def test_a_practice_written_in_french_has_its_own_text_as_french_and_none_in_english():
    practice = dataclasses.replace(CATALOG.practices[0], language="fr", translations={})
    record = exports.practice_record(practice, Links())
    assert record["title_fr"] == record["title"] and record["summary_fr"] == record["summary"]
    assert record["title_en"] is None and record["title_es"] is None and record["translated_into"] == []


def test_a_translation_made_from_an_earlier_version_is_named_as_outdated():
    practice = translated(CATALOG.practices[0], "es", current=False)
    record = exports.practice_record(practice, Links())
    assert record["title_es"] == f"[es] {practice.title}" and record["outdated_translations"] == ["es"]


def test_the_real_translations_are_exported_in_their_language():
    rows = {row["slug"]: row for row in read_csv(FILES["practices.csv"])}
    for practice in CATALOG.practices:
        row = rows[practice.slug]
        assert row["translated_into"] == " | ".join(language for language in LANGUAGES if language in practice.translations)
        for language in LANGUAGES:
            if language in practice.translations:
                expected = practice.translations[language].title
            elif language == practice.language:
                expected = practice.title
            else:
                expected = ""
            assert row[f"title_{language}"] == expected, (practice.slug, language)


def test_a_partners_note_is_given_in_each_language_it_was_written_or_translated_in():
    practice = next(p for p in CATALOG.practices if len([partner for partner in p.partners if partner.note]) >= 2)
    first, second = [partner for partner in practice.partners if partner.note][:2]
    practice = translated(dataclasses.replace(practice, translations={}), "fr", notes={first.actor.id: "Note en français."})
    rows = [row for row in read_csv(data_of(Catalog([practice], CATALOG.registry))["partners.csv"])]
    by_partner = {row["partner_id"]: row for row in rows}
    assert len(rows) == len(practice.partners)
    assert (by_partner[first.actor.id]["note"], by_partner[first.actor.id]["note_en"]) == (first.note, first.note)
    assert by_partner[first.actor.id]["note_fr"] == "Note en français." and by_partner[first.actor.id]["note_es"] == ""
    assert by_partner[second.actor.id]["note_fr"] == "", "a translation that gives no note for a partner leaves it empty"
    assert all(row["language"] == "en" for row in rows)


def test_country_names_are_given_in_each_language_in_practices_partners_and_actors():
    def named_apart(country: str | None) -> bool:  # a country whose name changes with the language
        return bool(country) and len({places.country_name(country, language) for language in LANGUAGES}) > 1

    practice = next(p for p in CATALOG.practices if named_apart(p.country) and any(named_apart(partner.actor.country) for partner in p.partners))
    partner = next(partner for partner in practice.partners if named_apart(partner.actor.country))
    row = next(r for r in read_csv(FILES["practices.csv"]) if r["slug"] == practice.slug)
    link = next(r for r in read_csv(FILES["partners.csv"]) if r["practice"] == practice.slug and r["partner_id"] == partner.actor.id)
    actor = next(r for r in read_csv(FILES["actors.csv"]) if r["id"] == practice.actor.id)
    for language in LANGUAGES:
        name = places.country_name(practice.country, language)
        assert row[f"country_name_{language}"] == link[f"country_name_{language}"] == actor[f"country_name_{language}"] == name
        assert link[f"partner_country_name_{language}"] == places.country_name(partner.actor.country, language)
    international = next(r for r in read_csv(FILES["actors.csv"]) if not r["country"])
    assert all(international[f"country_name_{language}"] == "" for language in LANGUAGES)


def test_the_json_and_geojson_carry_the_same_languages_as_the_csv():
    records = json.loads(FILES["practices.json"])["practices"]
    features = json.loads(FILES["practices.geojson"])["features"]
    for record, feature in zip(records, features):
        for language in LANGUAGES:
            assert f"title_{language}" in record and f"summary_{language}" in record and f"country_name_{language}" in record
            assert feature["properties"][f"title_{language}"] == record[f"title_{language}"]
            assert all(f"note_{language}" in partner for partner in record["partners"])


# --- the codebook ---------------------------------------------------------------


def test_every_column_of_every_csv_is_in_its_codebook_and_every_codebook_entry_is_a_column():
    page = exports.open_data_page(CATALOG, build_network(CATALOG), Links(), Words("en"))
    metadata = {table["url"]: table for table in json.loads(FILES["csv-metadata.json"])["tables"]}
    assert sorted(metadata) == sorted(f"{name}.csv" for name in TABLES), "every CSV file is described"
    for name in TABLES:
        header = next(csv.reader(io.StringIO(FILES[f"{name}.csv"].decode("utf-8-sig"))))
        described = [column["name"] for column in metadata[f"{name}.csv"]["tableSchema"]["columns"]]
        heading, anchor = exports.CODEBOOKS[name]
        section = page.markdown.split(f"{{ #{anchor} }}")[1].split("\n\n")[1]  # the codebook's fragment marker
        on_page = re.findall(r"<tr><td><code>([^<]+)</code>", page.fragments[section])
        assert header == described == on_page, name
        assert len(set(header)) == len(header), f"{name}.csv names a column twice"
        assert all(column["dc:description"] for column in metadata[f"{name}.csv"]["tableSchema"]["columns"])


def test_the_codebook_names_a_column_for_each_language_of_the_site():
    names = {c.name for c in TABLES["practices"]}
    for language in LANGUAGES:
        assert {f"title_{language}", f"summary_{language}", f"country_name_{language}"} <= names
    assert {f"note_{language}" for language in LANGUAGES} <= {c.name for c in TABLES["partners"]}


# --- the spreadsheet ----------------------------------------------------------------


def test_the_spreadsheet_has_a_sheet_per_table_with_the_csv_files_columns_and_rows():
    book = workbook(FILES[exports.SPREADSHEET])
    assert book.sheetnames == list(TABLES)
    for name in TABLES:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", "the header row stays in view"
        assert [cell.value for cell in sheet[1]] == [c.name for c in TABLES[name]]
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(TABLES[name])).column_letter}{sheet.max_row}"
        widths = [column_width(sheet, i) for i in range(1, len(TABLES[name]) + 1)]
        assert all(len(column.name) <= width <= exports.WIDEST_COLUMN + 1 for column, width in zip(TABLES[name], widths))
        as_csv = read_csv(FILES[f"{name}.csv"])
        as_sheet = sheet_rows(book, name)
        assert len(as_sheet) == len(as_csv)
        for in_sheet, in_csv in zip(as_sheet, as_csv):
            assert {key: same_cell(value, in_csv[key]) for key, value in in_sheet.items()} == {key: True for key in in_csv}, in_csv


def test_the_spreadsheet_holds_every_practice_partner_and_actor_with_titles_in_each_language():
    book = workbook(FILES[exports.SPREADSHEET])
    practices = {row["slug"]: row for row in sheet_rows(book, "practices")}
    assert sorted(practices) == sorted(p.slug for p in CATALOG.practices)
    for practice in CATALOG.practices:
        for language in LANGUAGES:
            title, _, _, written = practice.text_in(language)
            assert practices[practice.slug][f"title_{language}"] == (title if written == language else None), (practice.slug, language)
        assert practices[practice.slug]["start_year"] == practice.start_year  # numbers stay numbers
    links = sorted((row["practice"], row["partner_id"]) for row in sheet_rows(book, "partners"))
    assert links == sorted((p.slug, partner.actor.id) for p in CATALOG.practices for partner in p.partners)
    assert sorted(row["id"] for row in sheet_rows(book, "actors")) == sorted(CATALOG.registry.actors)


def test_the_spreadsheet_is_dated_by_its_content_not_by_the_day_it_was_built():
    newest = max(p.last_reviewed for p in CATALOG.practices)
    assert workbook(FILES[exports.SPREADSHEET]).properties.created == datetime.datetime.fromisoformat(newest)
    with zipfile.ZipFile(io.BytesIO(FILES[exports.SPREADSHEET])) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_same_catalog_gives_the_same_bytes_in_two_builds():
    # Two processes, each with its own hash seed, as two builds of the site.
    code = (
        "import hashlib, sys\nfrom pathlib import Path\n"
        "from catalog import load_catalog, exports\nfrom catalog.cooperation import build_network\nfrom catalog.pages import Links\n"
        "catalog = load_catalog(Path(sys.argv[1]))\n"
        "for name, content in sorted(exports.data_files(catalog, build_network(catalog), Links()).items()):\n"
        "    print(name, hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest())\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(ROOT / "practices")], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)
        for seed in ("1", "2")
    ]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr + runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    here = {name: hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest() for name, content in FILES.items()}
    assert dict(line.split() for line in runs[0].stdout.splitlines()) == here
    assert exports.SPREADSHEET in here


# --- the nothing-lost check -------------------------------------------------------


def written(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def test_the_nothing_lost_check_reads_the_spreadsheet_back(tmp_path):
    assert audit_exports(CATALOG, written(tmp_path / "whole", FILES)) == []
    lost = next(p for p in CATALOG.practices if p.partners)
    lacking = Catalog([p for p in CATALOG.practices if p is not lost], CATALOG.registry)  # a spreadsheet that lost a practice
    site = written(tmp_path / "lacking", {**FILES, exports.SPREADSHEET: data_of(lacking)[exports.SPREADSHEET]})
    links = sum(len(p.partners) for p in CATALOG.practices)
    assert audit_exports(CATALOG, site) == [
        f"The practices sheet of practices.xlsx has {len(CATALOG.practices) - 1} records for {len(CATALOG.practices)} practices.",
        f"The partners sheet of practices.xlsx has {links - len(lost.partners)} rows for {links} cooperation links.",
    ]


@pytest.mark.parametrize("damage", ["missing", "empty", "not a spreadsheet"])
def test_the_nothing_lost_check_names_a_missing_or_broken_spreadsheet(tmp_path, damage):
    site = written(tmp_path, FILES)
    if damage == "missing":
        (site / exports.SPREADSHEET).unlink()
    else:
        (site / exports.SPREADSHEET).write_bytes(b"" if damage == "empty" else b"slug\r\ndakar\r\n")
    (problem,) = audit_exports(CATALOG, site)
    assert problem.startswith("An open-data file is missing or unreadable:")


# --- the open-data page ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_data_page_offers_the_spreadsheet_with_its_size_in_each_language(language):
    words = Words(language)
    page = exports.open_data_page(CATALOG, build_network(CATALOG), Links(data_root="" if language == LANGUAGES[0] else "../"), words)
    html_text = "".join(page.fragments.values())
    size = exports.file_size(len(FILES[exports.SPREADSHEET]), language)
    prefix = "../" * (language != LANGUAGES[0])
    assert f'<a href="../{prefix}practices.xlsx">practices.xlsx</a> ({size}): {words("opendata.file.practices.xlsx")}' in html_text
    encoding = words("opendata.encoding", spreadsheet="practices.xlsx")
    assert "UTF-8" in encoding and escape(encoding) in html_text


def test_a_file_size_is_written_as_the_reader_writes_it():
    assert [exports.file_size(size, "en") for size in (300, 48_400, 1_250_000)] == ["1 kB", "48 kB", "1.2 MB"]
    assert exports.file_size(1_250_000, "fr") == "1,2\u202fMo"  # French keeps the number and its unit together


# --- the site as built -------------------------------------------------------------------


def test_the_built_site_publishes_the_spreadsheet_and_the_csv_files_byte_for_byte(site):
    # The build writes the files as the catalog makes them: the byte-order mark,
    # the CRLF line ends and the spreadsheet's bytes survive MkDocs.
    for name in (exports.SPREADSHEET, *(f"{table}.csv" for table in TABLES)):
        assert (site / name).read_bytes() == FILES[name], name
    with open(site / "practices.csv", encoding="utf-8-sig", newline="") as stream:
        assert sorted(row["slug"] for row in csv.DictReader(stream)) == sorted(p.slug for p in CATALOG.practices)
    assert sorted(row["slug"] for row in sheet_rows(openpyxl.load_workbook(site / exports.SPREADSHEET), "practices")) == sorted(p.slug for p in CATALOG.practices)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_built_open_data_page_gives_the_spreadsheets_size_in_its_language(site, language):
    folder = "" if language == LANGUAGES[0] else f"{language}/"
    written = (site / folder / "open-data" / "index.html").read_text(encoding="utf-8")
    size = exports.file_size((site / exports.SPREADSHEET).stat().st_size, language)
    assert f'<a href="../{"../" if folder else ""}practices.xlsx">practices.xlsx</a> ({size})' in written
