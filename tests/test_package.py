"""The `catalog` package stands alone: built as a wheel, it carries its schemas,
locales and data, and reads the project's practices from wherever it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from catalog.i18n import Words
from conftest import ROOT


def test_the_wheel_carries_schemas_and_locales_and_reads_the_practices(tmp_path):
    source = tmp_path / "source"  # setuptools builds in the source folder: not in the checkout
    shutil.copytree(ROOT / "catalog", source / "catalog", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", source)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "--wheel-dir", str(tmp_path / "wheel"), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "installed")
    assert {"catalog/schemas/practice.schema.json", "catalog/schemas/actor.schema.json", "catalog/locales/fr.json"} <= names
    code = (
        "import catalog, sys\n"
        "from pathlib import Path\n"
        "from catalog import load_catalog\n"
        "from catalog.i18n import Words\n"
        "assert Path(catalog.__file__).is_relative_to(Path(sys.argv[1])), catalog.__file__\n"
        "print(len(load_catalog(Path(sys.argv[2])).practices), Words('fr')('template.title'))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "installed"), str(ROOT / "practices")],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path / "installed")}, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    count, title = run.stdout.split(" ", 1)
    assert int(count) >= 19 and title.strip() == Words("fr")("template.title")
