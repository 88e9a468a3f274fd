"""Text rules stated once: the names the Propose form folds in the browser are
folded as the registry folds them, and the invisible characters Python drops are
those Unicode (as Chromium knows it) calls default-ignorable."""

from __future__ import annotations

import re

import pytest
from conftest import REGISTRY, ROOT

from catalog.text import DEFAULT_IGNORABLE, folded

TRICKY = [
    "Région  Île-de-France", "Straße", "ΟΔΥΣΣΕΥΣ", "Ciudad de México", "Ｄａｋａｒ", "Da\u200bkar", "Da\u200dkar", "Da\u00adkar",
    "Dakar\u2060", "Guangzhou\ufe0f", "ﬁnance", "Saint‑Louis", "l'Assainissement", "Nouakchott_Region", "Київ", "طنجة",
    "الرِّباط", "नई दिल्ली", "東京都", "Đà Nẵng", "Łódź", "İzmir", "Ærø", "São Paulo (SP)", "  spaced\tout  ",
]


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def script_function(name: str, script: str = "text.js") -> str:
    """A function of the site's scripts (text.js, shared by the Propose form and the
    search), as source text to run on its own."""
    source = (ROOT / "docs" / "javascripts" / script).read_text(encoding="utf-8")
    return re.search(rf"^(?:export )?function {name}\(.*?^}}", source, re.S | re.M).group(0).removeprefix("export ")


def test_the_form_folds_names_as_the_registry_does(tab):
    names = REGISTRY.all_names() + TRICKY
    in_browser = tab.evaluate(f"(names) => {{ {script_function('folded')}; return names.map(folded); }}", names)
    differing = [(name, folded(name), theirs) for name, theirs in zip(names, in_browser) if folded(name) != theirs]
    assert differing == []


def test_the_default_ignorable_characters_are_unicodes(tab):
    found = tab.evaluate(
        """() => { const found = []; for (let code = 0; code <= 0x10FFFF; code++) {
             if (code >= 0xD800 && code <= 0xDFFF) continue;
             if (/\\p{Default_Ignorable_Code_Point}/u.test(String.fromCodePoint(code))) found.push(code); }
           return found; }"""
    )
    ours = [code for low, high in DEFAULT_IGNORABLE for code in range(low, high + 1)]
    assert ours == found
