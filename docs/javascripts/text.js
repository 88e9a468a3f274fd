// Text rules the site's scripts share with the Python side.

// Names compared as the registry compares them (catalog/text.py folded: invisible
// characters dropped, case folded as Python's casefold does for these letters).
// tests/test_text.py checks it against the Python rule on every name of the registry.
export function folded(text) {
  return text
    .replace(/\p{Default_Ignorable_Code_Point}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/ς/g, "σ")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
