// Search on Pagefind's index, for the header search box and the Explore page.
// Pagefind downloads only the index chunks a query needs, so the first result
// costs a few tens of kilobytes however large the catalog grows.
//
// Text from the index (titles, places, summaries) is inserted with textContent;
// only Pagefind's excerpts are inserted as HTML: Pagefind escapes them and adds
// nothing but <mark> elements.

import { folded } from "./text.js"; // names compared as the registry compares them (the "named" filter)

const siteRoot = new URL("..", import.meta.url); // this file is javascripts/search.js
let loading = null;

// An actor's page carries all its names in a "names" field (catalog/place_pages.py,
// actor_page). A query matching a field adds the field's weight times the words'
// rarity to a page's score; Pagefind weighs a title 5 and the words of the page's
// text at most about 4, so 10 puts the actor's own page first for any of its names,
// whatever the number of practices naming it.
const NAMES_WEIGHT = 10;

function pagefind() {
  loading ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
    // No worker: one script fewer (40 KB) to download, for searches that take
    // milliseconds anyway.
    await module.options({ baseUrl: siteRoot.pathname, noWorker: true, ranking: { metaWeights: { names: NAMES_WEIGHT } } });
    return module;
  });
  return loading;
}

function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(properties)) {
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function excerpt(html) {
  const paragraph = element("p");
  paragraph.innerHTML = html; // escaped by Pagefind, see above
  return paragraph;
}

// JSON the build put in an attribute, or `empty` when there is none (or it is broken).
function parsed(text, empty) {
  try {
    return JSON.parse(text || "null") ?? empty;
  } catch {
    return empty;
  }
}

// The words come from the build, in the page's language: every page carries them
// in a data-words attribute (see overrides/partials/pagefind-search.html).
const language = document.documentElement.lang || "en"; // the page's
const pluralRule = new Intl.PluralRules(language);

function wordsOf(node) {
  return parsed(node?.dataset.words, {});
}

function say(words, key, n, values = {}) {
  // A message has either one form ("show_all") or plural forms ("practices.one", "practices.other"),
  // chosen by n; other numbers it holds ("{shown}") come in `values`.
  const text = words[key] ?? words[`${key}.${pluralRule.select(n)}`] ?? words[`${key}.other`] ?? key;
  return Object.entries({ n, ...values }).reduce((said, [name, value]) => said.replace(`{${name}}`, value), text);
}

// --- the language switcher -------------------------------------------------
// Its links lead to the same page in the other languages (overrides/partials/
// languages.html); the address's query and fragment go with them, so that the
// Explore page opens there with the same filters and words.

function carryAddress() {
  for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
    link.search = location.search;
    link.hash = location.hash;
  }
}

// --- the header search -------------------------------------------------------

const HEADER_BATCH = 6; // results listed at first, and added by each "More results"


// The pages for what was typed, best first. Pagefind ranks an actor's page high for
// any of its names (NAMES_WEIGHT), but it matches the beginnings of words, adding up
// every word a name starts: it ranks Tunisia above Tunis for "Tunis", UCLG Africa
// (also "UCLGA") above UCLG for "UCLG", and Dakar Region as high as Dakar for
// "Dakar". So the pages of the actors named exactly what was typed, which the
// "named" filter finds, come first, then the rest in Pagefind's order. (Exported for
// the tests, which import this module as the page did.)
export async function headerResults(term) {
  const engine = await pagefind();
  const [search, named] = await Promise.all([engine.search(term), engine.search(null, { filters: { named: folded(term) } })]);
  const first = new Set(named.results.map((result) => result.id));
  return [...named.results, ...search.results.filter((result) => !first.has(result.id))];
}

function headerSearch() {
  const input = document.getElementById("site-search-input");
  const results = document.getElementById("site-search-results");
  const toggle = document.getElementById("__search");
  if (!input || !results) return;
  const words = wordsOf(results);
  const status = results.querySelector(".search-status");
  const list = results.querySelector(".md-search-result__list");
  const more = results.querySelector(".search-more");
  const explore = results.querySelector(".search-explore");
  const placeholder = status.textContent;
  more.textContent = say(words, "more_pages");
  explore.textContent = say(words, "filter_practices");

  // The icon in a phone's header opens the search (Material's __search toggle):
  // the field takes the focus at once, in the same tap, so the keyboard comes up.
  toggle?.addEventListener("change", () => (toggle.checked ? input.focus() : input.blur()));
  input.addEventListener("focus", () => {
    if (toggle) toggle.checked = true;
    pagefind(); // start loading while the reader types
  });
  input.form.addEventListener("reset", () => clear());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });

  // Search once the reader pauses, and only for what was typed: Pagefind's own
  // debounced search would fetch an index chunk for every prefix on the way.
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(show, 250);
  });
  more.addEventListener("click", () => showMore(true));

  let found = []; // every page found, best first
  let shown = 0;
  let generation = 0; // the query being shown; an older one's answer is dropped

  function clear() {
    generation++;
    found = [];
    shown = 0;
    list.replaceChildren();
    status.textContent = placeholder;
    more.hidden = explore.hidden = true;
  }

  async function show() {
    const term = input.value.trim();
    if (!term) return clear();
    const mine = ++generation;
    const pages = await headerResults(term);
    if (mine !== generation) return;
    found = pages;
    shown = 0;
    list.replaceChildren();
    explore.search = new URLSearchParams({ q: term }).toString();
    explore.hidden = false;
    await showMore(false);
  }

  // The next batch of results; with `focus`, the first of them takes the focus, so
  // that a keyboard goes on from where the list grew.
  async function showMore(focus) {
    const mine = generation;
    const batch = await Promise.all(found.slice(shown, shown + HEADER_BATCH).map((result) => result.data()));
    if (mine !== generation) return;
    const items = batch.map((page) =>
      element(
        "li",
        { className: "md-search-result__item" },
        element(
          "a",
          { href: page.url, className: "md-search-result__link" },
          element(
            "article",
            { className: "md-search-result__article md-typeset" },
            element("h1", { text: page.meta.title || page.url }),
            page.meta.place ? element("p", { className: "search-result__place", text: page.meta.place }) : null,
            excerpt(page.excerpt),
          ),
        ),
      ),
    );
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= found.length;
    if (!found.length) status.textContent = say(words, "no_pages");
    else if (shown < found.length) status.textContent = say(words, "pages_shown", found.length, { shown });
    else status.textContent = say(words, "pages", found.length);
    if (focus && items.length) items[0].querySelector("a").focus();
  }
}

// --- the Explore page ----------------------------------------------------------

// The filters come from the build (catalog/explore.py, catalog/facets.py), in the
// order offered, each with its values: the search index and the address hold ids
// (?theme=twinning&region=002), the same in every language, and the page shows
// their labels in its language. Addresses shared when they held labels
// (?theme=Jumelage) still work: a label of any language is read as its id.
class Filters {
  constructor(root) {
    this.labels = parsed(root.dataset.filters, {}); // key -> id -> label, in the page's language
    this.keys = Object.keys(this.labels);
    this.settings = parsed(root.dataset.settings, {}); // key -> {open, order}: how each filter is offered
    const former = parsed(root.dataset.formerLabels, {}); // key -> label in another language -> id
    this.ids = {}; // key -> label -> id
    for (const key of this.keys) {
      this.ids[key] = new Map(Object.entries(former[key] || {}));
      for (const [id, label] of Object.entries(this.labels[key])) this.ids[key].set(label, id);
    }
  }

  label(key, id) {
    return Object.hasOwn(this.labels[key], id) ? this.labels[key][id] : id;
  }

  // The id an address's value means, or undefined for a value the catalog does not hold.
  id(key, value) {
    return Object.hasOwn(this.labels[key], value) ? value : this.ids[key].get(value);
  }
}

const PAGE_SIZE = 20;
const SHOWN_VALUES = 12;

function readState(filters) {
  const params = new URLSearchParams(location.search);
  const chosen = {};
  for (const key of filters.keys) {
    const ids = params.getAll(key).map((value) => filters.id(key, value)).filter((id) => id !== undefined);
    if (ids.length) chosen[key] = new Set(ids);
  }
  return { query: params.get("q") || "", chosen };
}

function writeState(state, filters) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const key of filters.keys) for (const id of [...(state.chosen[key] || [])].sort()) params.append(key, id);
  const search = params.toString();
  history.replaceState(null, "", (search ? `?${search}` : location.pathname) + location.hash);
  carryAddress();
}

const collator = new Intl.Collator(language);

// How a filter's values are sorted, as its declaration says (catalog/fields.py ORDERS).
const ORDERS = {
  ascending: (ids) => ids.sort((a, b) => Number(a) - Number(b)),
  descending: (ids) => ids.sort((a, b) => Number(b) - Number(a)),
  count: (ids, counts, label) => ids.sort((a, b) => counts[b] - counts[a] || collator.compare(label(a), label(b))),
};

function order(key, counts, filters) {
  const sort = ORDERS[(filters.settings[key] || {}).order] || ORDERS.count;
  return sort(Object.keys(counts), counts, (id) => filters.label(key, id));
}

async function explorePage() {
  const root = document.getElementById("explore");
  if (!root) return;
  const words = wordsOf(root);
  const filters = new Filters(root);
  const input = root.querySelector("#explore-query");
  const panel = root.querySelector(".explore__filters");
  const summary = root.querySelector(".explore__panel-summary");
  // On a phone, results come first: the filters wait, closed, one tap away.
  if (matchMedia("(max-width: 44.9375em)").matches) root.querySelector(".explore__panel").open = false;
  const status = root.querySelector(".explore__status");
  const list = root.querySelector(".explore__list");
  const more = root.querySelector(".explore__more");
  const state = readState(filters);
  input.value = state.query;

  const engine = await pagefind();
  const everything = await engine.filters();
  let results = [];
  let shown = 0;

  function filterOptions(except = null) {
    const options = { type: "Practice" };
    for (const [key, ids] of Object.entries(state.chosen)) if (ids.size && key !== except) options[key] = { any: [...ids] };
    return options;
  }

  // Pagefind counts what each value would leave if it were added to the filters.
  // Within a group values are alternatives, so a group with ticked values gets
  // its counts from the same search without that group.
  async function counts(search) {
    const result = { ...(search.filters || {}) };
    for (const [key, values] of Object.entries(state.chosen)) {
      if (!values.size) continue;
      const without = await engine.search(state.query || null, { filters: filterOptions(key) });
      result[key] = (without.filters || {})[key] || {};
    }
    return result;
  }

  function renderFilters(counts) {
    const chosenCount = Object.values(state.chosen).reduce((sum, values) => sum + values.size, 0);
    summary.textContent = chosenCount ? `${say(words, "filters")} (${chosenCount})` : say(words, "filters");
    panel.replaceChildren(
      ...filters.keys.filter((key) => everything[key] && Object.keys(everything[key]).length).map((key) => {
        const label = say(words, `filter.${key}`);
        const chosen = state.chosen[key] || new Set();
        const available = { ...everything[key], ...(counts[key] || {}) };
        const ids = order(key, available, filters);
        const group = element("details", { className: "explore__group" }, element("summary", { text: chosen.size ? `${label} (${chosen.size})` : label }));
        if (chosen.size || (filters.settings[key] || {}).open) group.open = true;
        const fieldset = element("fieldset", {}, element("legend", { className: "visually-hidden", text: label }));
        ids.forEach((value, index) => {
          const id = `filter-${key}-${index}`;
          const box = element("input", { type: "checkbox", id, name: key, value });
          box.checked = chosen.has(value);
          box.addEventListener("change", () => {
            const set = (state.chosen[key] ||= new Set());
            if (box.checked) set.add(value);
            else set.delete(value);
            run();
          });
          const count = counts[key] && Object.hasOwn(counts[key], value) ? counts[key][value] : 0;
          const row = element("div", { className: "explore__option" }, box, element("label", { for: id }, filters.label(key, value), element("span", { className: "explore__count", text: ` ${count}` })));
          if (index >= SHOWN_VALUES && !box.checked) row.hidden = true;
          fieldset.append(row);
        });
        if (ids.length > SHOWN_VALUES) {
          const button = element("button", { type: "button", className: "md-button explore__all", text: say(words, "show_all", ids.length) });
          button.addEventListener("click", () => {
            fieldset.querySelectorAll(".explore__option[hidden]").forEach((row) => (row.hidden = false));
            button.remove();
          });
          fieldset.append(button);
        }
        group.append(fieldset);
        return group;
      }),
    );
  }

  async function showMore() {
    const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    shown += batch.length;
    list.append(
      ...batch.map((page) =>
        element(
          "li",
          { className: "explore__result" },
          element("a", { href: page.url, className: "explore__title", text: page.meta.title || page.url }),
          page.meta.place ? element("span", { className: "explore__place", text: page.meta.place }) : null,
          state.query ? excerpt(page.excerpt) : element("p", { text: page.meta.summary || "" }),
        ),
      ),
    );
    more.hidden = shown >= results.length;
  }

  let generation = 0;
  async function run() {
    const mine = ++generation;
    writeState(state, filters);
    const search = await engine.search(state.query || null, { filters: filterOptions() });
    const available = await counts(search);
    if (mine !== generation) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    status.textContent = results.length ? say(words, "practices", results.length) : say(words, "none");
    renderFilters(available);
    await showMore();
  }

  input.form.addEventListener("submit", (event) => event.preventDefault());
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.query = input.value.trim();
      run();
    }, 250);
  });
  more.addEventListener("click", showMore);
  root.querySelector(".explore__clear").addEventListener("click", () => {
    state.chosen = {};
    run();
  });
  await run();
  root.classList.add("explore--ready");
}

carryAddress();
addEventListener("hashchange", carryAddress);
headerSearch();
explorePage().catch((error) => {
  const status = document.querySelector("#explore .explore__status");
  if (status) status.textContent = say(wordsOf(document.getElementById("explore")), "failed");
  console.warn(error);
});
