// The Propose-a-practice form. catalog/proposal.py builds its page and, from the
// schema and the registry, everything it knows (the JSON in #propose-data):
// fields, labels, hints, vocabularies, limits, the validator's messages, the
// headings of the text and every name of every actor. This script restates no
// rule: it shows the fields, checks values against the limits it is given,
// writes the practice file (and the files of new actors) as a maintainer
// would, and keeps the draft in this browser until the contributor starts again.

import { folded } from "./text.js"; // names compared as the registry compares them

const dataElement = document.getElementById("propose-data");
const root = document.getElementById("propose");
const data = JSON.parse(dataElement.textContent);
const W = data.words;
const M = data.messages;
const DRAFT_KEY = "city-diplomacy-exchange:propose-draft";
const plurals = new Intl.PluralRules(data.language);

// --- small helpers -----------------------------------------------------------

function fill(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function say(key, values = {}) {
  const text = W[key];
  if (text && typeof text === "object") return fill(text[plurals.select(values.n)] || text.other, values);
  return fill(text, values);
}

function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

// A contributor's value in a message, as the validator shows it (problems.shown).
function shown(value) {
  if (typeof value !== "string") return String(value);
  const text = [...value].length <= 40 ? value : [...value].slice(0, 39).join("") + "…";
  return JSON.stringify(text);
}


// A file name from a title, as the validator suggests one (validation.suggested_slug),
// cut at a word boundary.
function slugOf(text, most = data.max_slug) {
  const slug = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length <= most) return slug;
  const cut = slug.slice(0, most + 1).lastIndexOf("-");
  return slug.slice(0, cut > 0 ? cut : most).replace(/-+$/, "");
}

function freeName(wanted, taken) {
  let name = wanted;
  for (let n = 2; taken.has(name); n += 1) name = `${slugOf(wanted, data.max_slug - String(n).length - 1)}-${n}`;
  return name;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const fieldsByName = Object.fromEntries(data.fields.map((field) => [field.name, field]));
const actorFields = Object.fromEntries(data.actor_fields.map((field) => [field.name, field]));
const actorsByName = new Map();
for (const [id, name, kind, country, others] of data.actors) {
  for (const known of [name, ...others]) if (!actorsByName.has(folded(known))) actorsByName.set(folded(known), { id, name, kind, country });
}
const actorIds = new Set(data.actors.map((actor) => actor[0]));
// Countries in the order of the page's language: Sénégal before Syrie, Égypte among the E.
const collator = new Intl.Collator(data.language);
actorFields.country.options.sort((a, b) => collator.compare(a[1], b[1]));
const optionLabel = (field, value) => (field.options.find((option) => String(option[0]) === String(value)) || [value, value])[1];

// --- the draft -----------------------------------------------------------------

function emptyValue(field) {
  if (field.input === "group") return field.required ? [{}] : [];
  if (field.input === "choices" || field.input === "list") return [];
  return "";
}

function emptyDraft() {
  const values = Object.fromEntries(data.fields.map((field) => [field.name, emptyValue(field)]));
  values.last_reviewed = today();
  // New actors' details, by folded name: a name may be any word ("constructor"), so no prototype.
  // Who proposes, and their consent to the licence: for the maintainers, never in a file.
  const contributor = Object.fromEntries(data.contributor_fields.map((field) => [field.name, ""]));
  return { language: data.language, values, sections: data.sections.map(() => ""), actors: Object.create(null), contributor, consent: false };
}

// Arriving from an actor's page (?city=<id>): that actor is the city, unless the draft names one.
function cityFromAddress(values) {
  const city = new URLSearchParams(location.search).get("city");
  if (city && actorIds.has(city) && !values.city) values.city = data.actors.find((actor) => actor[0] === city)[1];
}

// --- a draft kept in this browser ---------------------------------------------------
// Storage may hold anything: a draft of another version of the form, or values
// put there by hand or by another page of this address. Only what this form could
// have written is restored: its own fields, each of its type, from its vocabulary,
// within what a person types (data.draft_limits); the rest is left out, and the
// contributor is told.

const LIMITS = data.draft_limits;
const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function fitDraft(saved) {
  const draft = emptyDraft();
  let kept = false;
  let lost = false;
  const keep = (value) => ((kept = true), value);
  const leave = (fallback) => ((lost = true), fallback);
  const text = (value, fallback = "") => (typeof value === "string" && value.length <= LIMITS.characters ? keep(value) : leave(fallback));
  const choice = (options, value) => {
    if (value === "") return keep("");
    const option = options.find(([known]) => String(known) === value);
    return typeof value === "string" && option ? keep(String(option[0])) : leave("");
  };
  const list = (value, fit) => {
    if (!Array.isArray(value)) return leave([]);
    if (value.length > LIMITS.items) lost = true;
    return value.slice(0, LIMITS.items).map(fit).filter((item) => item !== undefined);
  };
  const record = (value, fits) => {
    if (!isRecord(value)) return leave(undefined);
    const fitted = Object.create(null);
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(fits, key)) fitted[key] = fits[key](value[key]);
      else lost = true;
    }
    return fitted;
  };
  const fitField = (field, value) => {
    if (field.input === "choices") {
      if (!Array.isArray(value)) return leave([]);
      const chosen = field.options.filter(([option]) => value.includes(option)); // of the option's own type: 6, not "6"
      if (chosen.length < value.length) lost = true; // unknown values, or one twice
      return chosen.map(([option]) => keep(option));
    }
    if (field.input === "list") return list(value, (item) => text(item, undefined));
    if (field.input === "group") {
      const fits = fitsOf(field.fields);
      return list(value, (item) => record(item, fits)).map((item) => ({ ...item }));
    }
    return field.input === "choice" ? choice(field.options, value) : text(value);
  };
  // Each field's value read as that field's (name -> reader).
  const fitsOf = (fields) => Object.fromEntries(fields.map((field) => [field.name, (value) => fitField(field, value)]));
  for (const key of Object.keys(saved)) {
    const value = saved[key];
    if (key === "language") draft.language = choice(data.languages, value) || data.language;
    else if (key === "values" && isRecord(value)) {
      for (const name of Object.keys(value)) {
        const field = data.fields.find((known) => known.name === name);
        if (field) draft.values[name] = fitField(field, value[name]);
        else lost = true;
      }
    } else if (key === "sections" && Array.isArray(value)) {
      draft.sections = data.sections.map((section, index) => (index < value.length ? text(value[index]) : ""));
      if (value.slice(data.sections.length).some((extra) => extra !== "")) lost = true;
    } else if (key === "contributor" && isRecord(value)) {
      Object.assign(draft.contributor, record(value, fitsOf(data.contributor_fields)));
    } else if (key === "consent") {
      draft.consent = typeof value === "boolean" ? keep(value) : leave(false);
    } else if (key === "actors" && isRecord(value)) {
      // A new actor's details: its fields but its name (the key), its other names by language.
      const names = Object.fromEntries(actorFields.names.languages.map(([code]) => [code, (name) => text(name)]));
      const fits = { ...fitsOf(data.actor_fields.filter((field) => field !== actorFields.name)), names: (given) => record(given, names) };
      for (const name of Object.keys(value).slice(0, LIMITS.items)) {
        const details = name === folded(name) && name.length <= LIMITS.characters ? record(value[name], fits) : leave(undefined);
        if (details) draft.actors[name] = details;
      }
      if (Object.keys(value).length > LIMITS.items) lost = true;
    } else lost = true;
  }
  return { draft, kept, lost };
}

// The draft kept in this browser, and what to tell about it: null when there is none.
function loadDraft() {
  let stored;
  try {
    stored = localStorage.getItem(DRAFT_KEY);
  } catch (error) {
    return null; // no storage (private browsing)
  }
  if (stored === null) return null;
  try {
    const saved = JSON.parse(stored);
    if (isRecord(saved)) {
      const { draft, kept, lost } = fitDraft(saved);
      if (kept) return { draft, notice: lost ? "restored.partly" : "restored" };
    }
  } catch (error) {
    // not JSON: nothing of it can be read
  }
  return { draft: emptyDraft(), notice: "restored.unreadable" };
}

const restored = loadDraft();
let draft = restored ? restored.draft : emptyDraft();
let notice = restored ? restored.notice : null; // said at the top of the form until the contributor starts again
cityFromAddress(draft.values);
let unsent = false; // typed since the file last left the page (download, copy, GitHub, email)
let checkedAll = false; // after "Check", every problem shows, not only those of fields visited
const visited = new Set();

// Saved at every change, at once: a draft is a few kilobytes, and a timer could
// lose the last words typed before the tab closes.
function saveDraft() {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch (error) {
    // storage full or refused (private browsing): the form still works, the draft is not kept
  }
}

// --- actors ----------------------------------------------------------------------

function knownActor(name) {
  return actorsByName.get(folded(name || "")) || null;
}

// What the draft derives, computed once per change: its new actors and source ids.
let derived = {};

function changed() {
  keepCitedIds();
  derived = {};
  unsent = true;
  saveDraft();
}

// Every actor the practice names that the registry does not know, by folded name.
function newActors() {
  if (!derived.actors) derived.actors = findNewActors();
  return derived.actors;
}

function findNewActors() {
  const named = [draft.values.city, ...draft.values.partners.map((partner) => partner.name), ...draft.values.networks];
  const found = new Map();
  const taken = new Set(actorIds);
  for (const name of named) {
    if (!name || [...name.trim()].length < 2 || knownActor(name) || found.has(folded(name))) continue;
    const id = freeName(slugOf(name) || "actor", taken);
    taken.add(id);
    found.set(folded(name), { key: folded(name), name: name.trim(), id, details: draft.actors[folded(name)] || {} });
  }
  return [...found.values()];
}

function actorId(name) {
  const known = knownActor(name);
  if (known) return known.id;
  const fresh = newActors().find((actor) => actor.key === folded(name));
  return fresh ? fresh.id : name.trim();
}

// --- checks: the schema's limits, in the validator's words -------------------------

function textProblem(rules, value) {
  const length = [...value].length;
  if (rules.plain && /[<>]/.test(value)) return M.plain;
  if (rules.minLength && length < rules.minLength) return fill(M.minLength, { length: characters(length), limit: rules.minLength });
  if (rules.maxLength && length > rules.maxLength) return fill(M.maxLength, { length: characters(length), limit: rules.maxLength });
  if (rules.pattern && !new RegExp(rules.pattern, "u").test(value)) return fill(M.pattern, { value: shown(value), expected: rules.expected });
  return "";
}

function characters(count) {
  return fill(count === 1 ? M["characters.one"] : M["characters.other"], { count });
}

// A number: a whole one (a year), or a decimal one (a coordinate) written with a
// point or, as French and Spanish write it, a comma; within the schema's limits.
const INTEGER = /^\s*[-+]?\d+\s*$/;
const DECIMAL = /^\s*[-+]?\d+(?:[.,]\d+)?\s*$/;
const decimal = (value) => Number(value.trim().replace(",", "."));

function numberProblem(field, value) {
  const [form, expected] = field.input === "decimal" ? [DECIMAL, M.number] : [INTEGER, M.integer];
  if (!form.test(value)) return fill(M.type, { expected, described: fill(M.text, { value: shown(value) }) });
  const number = decimal(value);
  const rules = field.rules;
  if (number < rules.minimum || number > rules.maximum) return fill(M.range, { value: number, minimum: rules.minimum, maximum: rules.maximum });
  return "";
}

function valueProblem(field, value) {
  if (value === "" || value === undefined) return field.required ? M.required : "";
  if (field.input === "number" || field.input === "decimal") return numberProblem(field, value);
  if (field.input === "choice") return "";
  return textProblem(field.rules, value);
}

function listProblem(field, items) {
  const count = items.length;
  if (count === 0) return field.required ? M.required : "";
  const rules = field.rules;
  if (rules.minItems && count < rules.minItems) return fill(M[rules.minItems === 1 ? "minItems.one" : "minItems.other"], { limit: rules.minItems });
  if (rules.maxItems && count > rules.maxItems) return fill(M.maxItems, { count, limit: rules.maxItems });
  return "";
}

function sourceIds() {
  if (!derived.ids) derived.ids = findSourceIds();
  return derived.ids;
}

// A source's id: the one it was given, or one made from its publisher (or title) and
// year, free among all the others.
function findSourceIds() {
  const given = draft.values.sources.map((source) => (source.id || "").trim());
  const taken = new Set(given.filter(Boolean));
  return draft.values.sources.map((source, index) => {
    if (given[index]) return given[index];
    const year = (source.date || "").slice(0, 4);
    const base = slugOf([(source.publisher || source.title || "").split(/\s+/).slice(0, 3).join(" "), /^\d{4}$/.test(year) ? year : ""].join(" "), 40) || `source-${index + 1}`;
    const id = freeName(base.length >= 2 ? base : `source-${index + 1}`, taken);
    taken.add(id);
    return id;
  });
}

// An automatic id follows the source's title and date only until the story cites it;
// from then on it is the source's own (shown in its id field), so that correcting the
// title or the date never leaves a marker citing nothing.
function keepCitedIds() {
  const cited = new Set(draft.sections.flatMap((text) => markersIn(text).map((marker) => marker.id)));
  const ids = findSourceIds();
  draft.values.sources.forEach((source, index) => {
    if (!(source.id || "").trim() && cited.has(ids[index])) source.id = ids[index];
  });
}

// The contributor changed a source's id in its field: the markers citing the old id
// follow, unless either id is another source's.
function renameMarkers(before, after) {
  const ids = sourceIds();
  if (!before || ids.includes(before) || ids.filter((id) => id === after).length !== 1) return;
  draft.sections = draft.sections.map((text) => text.split(`[^${before}]`).join(`[^${after}]`));
  draft.sections.forEach((text, index) => {
    const area = document.getElementById(`f-section-${index}`);
    if (area) area.value = text;
  });
}

// The markers of a section's text, each saying whether it stands in a heading,
// where it cites nothing (catalog.citations; data.heading_line is its rule).
const HEADING_LINE = new RegExp(`^(?:${data.heading_line})`);

function markersIn(text) {
  return text.split("\n").flatMap((line) => [...line.matchAll(/\[\^([^\]\s]+)\]/g)].map((match) => ({ id: match[1], heading: HEADING_LINE.test(line) })));
}

// Every problem of the draft: input id -> [message, hint].
function problems() {
  const found = new Map();
  const add = (id, message, hint = "") => message && !found.has(id) && found.set(id, [message, hint]);
  const values = draft.values;
  for (const field of data.fields) {
    const value = values[field.name];
    const id = `f-${field.name}`;
    // Hints of lists speak of YAML lines: the form's own hint (the field's description) says enough.
    if (field.input === "choices") add(id, listProblem(field, value));
    else if (field.input === "group") {
      add(id, listProblem(field, value.filter((item) => Object.values(item).some(Boolean))));
      value.forEach((item, index) => {
        for (const sub of field.fields) add(`${id}-${index}-${sub.name}`, valueProblem(sub, (item[sub.name] || "").trim()), sub.hint);
      });
    } else if (field.input === "list") {
      const items = value.map((item) => item.trim());
      const filled = items.filter(Boolean);
      add(id, listProblem(field, filled));
      const seen = new Set();
      items.forEach((item, index) => {
        add(`${id}-${index}`, item ? textProblem(field.item.rules, item) : "", field.item.hint);
        if (item && field.rules.uniqueItems && seen.has(folded(item))) add(`${id}-${index}`, fill(M.uniqueItems, { value: shown(item) }), M["uniqueItems.hint"]);
        seen.add(folded(item));
      });
    } else add(id, valueProblem(field, (value || "").trim()), field.hint);
  }
  const start = Number(values.start_year);
  if (values.end_year && values.start_year && Number(values.end_year) < start) add("f-end_year", fill(M.years, { end: Number(values.end_year), start }), M["years.hint"]);
  for (const actor of newActors()) {
    const details = actor.details;
    add(`a-${actor.id}-kind`, details.kind ? "" : M.required, actorFields.kind.hint);
    if (data.actor_kinds_with_country.includes(details.kind)) add(`a-${actor.id}-country`, details.country ? "" : M.country, actorFields.country.hint);
    const placed = AXES.some((axis) => oneLine(details[axis])); // one coordinate given: both are needed
    for (const axis of AXES) add(`a-${actor.id}-${axis}`, valueProblem({ ...actorFields[axis], required: placed }, oneLine(details[axis])), actorFields.latitude.hint);
    for (const [code] of actorFields.names.languages) {
      const name = ((details.names || {})[code] || "").trim();
      if (name) add(`a-${actor.id}-names-${code}`, textProblem(actorFields.names.rules, name), actorFields.names.hint);
    }
  }
  for (const field of data.contributor_fields) add(`f-contributor-${field.name}`, textProblem(field.rules, oneLine(draft.contributor[field.name])));
  const ids = sourceIds();
  const cited = new Set();
  data.sections.forEach((section, index) => {
    const text = draft.sections[index].trim();
    const heading = section.headings[draft.language];
    const prompt = section.prompt[0].toLowerCase() + section.prompt.slice(1);
    if (section.required && !text) add(`f-section-${index}`, fill(M.section, { heading }), fill(M["section.hint"], { prompt }));
    for (const { id, heading } of markersIn(text)) {
      const marker = [...id].slice(0, 40).join("");
      if (heading) add(`f-section-${index}`, fill(M["citation.heading"], { marker }), fill(M["citation.heading.hint"], { marker }));
      else if (ids.includes(id)) cited.add(id);
      else add(`f-section-${index}`, fill(M["citation.unknown"], { marker }), fill(M["citation.unknown.hint"], { ids: ids.join(", ") }));
    }
  });
  if (ids.length > 1) ids.forEach((id, index) => cited.has(id) || add(`f-sources-${index}-id`, fill(M["citation.uncited"], { id }), fill(M["citation.uncited.hint"], { id })));
  return found;
}

// --- the files -----------------------------------------------------------------------

// A value as the reader expects it: plain when it reads back as the same text, else
// quoted. The rule is catalog.template.scalar's, handed over as data (data.plain).
const PLAIN = new RegExp(`^(?:${data.plain.pattern})$`, "u");

export function scalar(value) {
  if (typeof value === "number") return String(value);
  return PLAIN.test(value) && !data.plain.nulls.includes(value) ? value : JSON.stringify(value);
}

function oneLine(text) {
  return String(text ?? "").split(/\s+/).filter(Boolean).join(" ");
}

function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function practiceSlug() {
  return freeName(slugOf(oneLine(draft.values.title)) || "my-practice", new Set(data.practices));
}

function practiceFile() {
  const values = draft.values;
  const lines = ["---", data.schema_comment.practice];
  const ids = sourceIds();
  for (const field of data.fields) {
    const value = values[field.name];
    const name = field.name;
    if (name === "summary" && oneLine(value)) lines.push("summary: >-", ...wrap(oneLine(value), 86).map((line) => `  ${line}`));
    else if (name === "city" && oneLine(value)) lines.push(`city: ${scalar(actorId(oneLine(value)))}`);
    else if (field.input === "group") {
      const items = value.filter((item) => Object.values(item).some((v) => oneLine(v)));
      if (!items.length) continue;
      lines.push(`${name}:`);
      value.forEach((item, index) => {
        if (!items.includes(item)) return;
        let first = true;
        for (const sub of field.fields) {
          let text = oneLine(item[sub.name]);
          if (name === "sources" && sub.name === "id") text = ids[index];
          if (name === "partners" && sub.name === "name" && text) text = actorId(text);
          if (!text) continue;
          lines.push(`${first ? "  - " : "    "}${sub.name}: ${scalar(text)}`);
          first = false;
        }
      });
    } else if (field.input === "choices" || field.input === "list") {
      const items = value.map(oneLine).filter(Boolean).map((item) => (name === "networks" ? actorId(item) : item));
      if (!items.length) continue;
      const numbers = field.options && typeof field.options[0][0] === "number";
      if (numbers) lines.push(`${name}: [${items.map(Number).sort((a, b) => a - b).join(", ")}]`);
      else lines.push(`${name}:`, ...items.map((item) => `  - ${scalar(item)}`));
    } else if (oneLine(value)) lines.push(`${name}: ${field.input === "number" && INTEGER.test(value) ? Number(value) : scalar(oneLine(value))}`);
  }
  if (draft.language !== "en") lines.push(`language: ${scalar(draft.language)}`);
  lines.push("---");
  data.sections.forEach((section, index) => {
    const text = draft.sections[index].replace(/\r\n?/g, "\n").replace(/\s+$/, "").replace(/^\n+/, "");
    if (section.required || text) lines.push("", `## ${section.headings[draft.language]}`, "", text);
  });
  return `${lines.join("\n")}\n`;
}

function actorFile(actor) {
  const details = actor.details;
  const lines = ["---", data.schema_comment.actor, `name: ${scalar(actor.name)}`];
  if (details.kind) lines.push(`kind: ${scalar(details.kind)}`);
  const names = actorFields.names.languages.map(([code]) => [code, oneLine((details.names || {})[code])]).filter(([, name]) => name);
  if (names.length) lines.push("names:", ...names.map(([code, name]) => `  ${code}: ${scalar(name)}`));
  if (details.country) lines.push(`country: ${scalar(details.country)}`);
  // In brackets, a value that is not a number is quoted: a comma in it would part it in two.
  const coordinates = AXES.map((axis) => oneLine(details[axis])).filter(Boolean);
  if (coordinates.length) lines.push(`coordinates: [${coordinates.map((value) => (DECIMAL.test(value) ? String(decimal(value)) : JSON.stringify(value))).join(", ")}]`);
  lines.push("---");
  return `${lines.join("\n")}\n`;
}

function files() {
  return [[`${data.folders.practice}/${practiceSlug()}.md`, practiceFile()], ...newActors().map((actor) => [`${data.folders.actor}/${actor.id}.md`, actorFile(actor)])];
}

// --- sending -------------------------------------------------------------------------

// What the maintainers read beside the files, in the email and in the GitHub
// proposal's description: who proposes (if they said) and their consent.
function notes() {
  const name = oneLine(draft.contributor.name);
  const contact = oneLine(draft.contributor.contact);
  return [
    name && say("note.name", { name }),
    contact && say("note.contact", { contact }),
    say("note.consent", { url: data.licence }),
    (name || contact) && say("note.private"),
  ].filter(Boolean).join("\n");
}

// GitHub's new-file page: `filename` and `value` fill the file; `message` and
// `description` the commit (and so the pull request GitHub opens from it).
function githubLink(path, text) {
  const repository = data.repository;
  const query = new URLSearchParams({ filename: path, value: text, message: say("github.message", { file: path }), description: notes() });
  return `${repository.url}/new/${encodeURIComponent(repository.branch)}?${query.toString().replace(/\+/g, "%20")}`;
}

function emailLink() {
  const all = [notes(), ...files().map(([path, text]) => `${path}\n\n${text}`)].join("\n\n");
  const subject = say("email.subject", { title: oneLine(draft.values.title) || practiceSlug() });
  return `mailto:${encodeURIComponent(data.email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(all)}`;
}

// One download holding every file. A practice alone is its own file, as the
// contributor wrote it: it opens, attaches and uploads as it is. With new actors, a
// ZIP archive keeps each file at its path in the repository (practices/, actors/).
function download(all) {
  const [name, blob] =
    all.length === 1
      ? [all[0][0].split("/").pop(), new Blob([all[0][1]], { type: "text/markdown;charset=utf-8" })]
      : [`proposal-${practiceSlug()}.zip`, zip(all)];
  const link = element("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  sent();
}

// A ZIP archive written here: entries stored as they are (a few kilobytes of text),
// with UTF-8 names and each entry's CRC-32, as unzip tools and Python's zipfile read it.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function zip(files, when = new Date()) {
  const encoder = new TextEncoder();
  const time = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
  const date = ((when.getFullYear() - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  const entries = [];
  const directory = [];
  let offset = 0;
  for (const [path, text] of files) {
    const name = encoder.encode(path);
    const content = encoder.encode(text);
    // The fields both headers give, from "version needed" (2.0) to the name's length;
    // flag 0x0800: the name is UTF-8; method 0: stored.
    const fields = [[20, 2], [0x0800, 2], [0, 2], [time, 2], [date, 2], [crc32(content), 4], [content.length, 4], [content.length, 4], [name.length, 2]];
    const header = (signature, size, start) => {
      const view = new DataView(new ArrayBuffer(size));
      view.setUint32(0, signature, true);
      fields.reduce((at, [value, bytes]) => (bytes === 2 ? view.setUint16(at, value, true) : view.setUint32(at, value, true), at + bytes), start);
      return view;
    };
    entries.push(header(0x04034b50, 30, 4), name, content);
    const central = header(0x02014b50, 46, 6);
    central.setUint16(4, 20, true); // made by: version 2.0
    central.setUint32(42, offset, true); // where its entry starts
    directory.push(central, name);
    offset += 30 + name.length + content.length;
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, directory.reduce((size, part) => size + part.byteLength, 0), true);
  end.setUint32(16, offset, true);
  return new Blob([...entries, ...directory, end], { type: "application/zip" });
}

async function copy(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = say("copied");
    sent();
  } catch (error) {
    status.textContent = say("copy.failed");
  }
}

function sent() {
  unsent = false;
}

// --- the form --------------------------------------------------------------------------

function describedBy(id, hint) {
  return [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
}

function hintAndError(id, hint) {
  return [hint ? element("p", { class: "propose__hint", id: `${id}-hint`, text: hint }) : null, element("p", { class: "propose__error", id: `${id}-error`, hidden: true })];
}

function labelText(field) {
  if (field.private) return `${field.label} (${say("optional")}, ${say("not_published")})`;
  return `${field.label} (${field.required ? say("required") : say("optional")})`;
}

function input(id, field, value, onChange, attributes = {}) {
  const common = { id, name: id, "aria-describedby": describedBy(id, field.hint), "aria-required": field.required ? "true" : null, ...attributes };
  let control;
  if (field.input === "choice") {
    control = element("select", common, element("option", { value: "", text: say("choose") }), field.options.map(([option, label]) => element("option", { value: option, text: label })));
  } else if (field.input === "textarea") {
    control = element("textarea", { ...common, rows: 4 });
  } else {
    control = element("input", { ...common, type: "text", inputmode: { number: "numeric", decimal: "decimal" }[field.input] || null, autocomplete: "off" });
  }
  control.value = value || "";
  control.addEventListener("input", () => onChange(control.value));
  control.addEventListener("change", () => onChange(control.value));
  control.addEventListener("blur", () => {
    visited.add(id);
    showProblems();
  });
  return control;
}

function textField(id, field, value, onChange, attributes = {}) {
  return element("div", { class: "propose__field" }, element("label", { for: id, text: labelText(field) }), input(id, field, value, onChange, attributes), ...hintAndError(id, field.hint));
}

function choicesField(field) {
  const id = `f-${field.name}`;
  const chosen = draft.values[field.name];
  const boxes = field.options.map(([value, label]) => {
    const box = element("input", { type: "checkbox", id: `${id}-${value}`, value: String(value) });
    box.checked = chosen.map(String).includes(String(value));
    box.addEventListener("change", () => {
      const values = field.options.map(([option]) => option).filter((option) => root.querySelector(`#${CSS.escape(`${id}-${option}`)}`).checked);
      update(() => (draft.values[field.name] = values));
      visited.add(id);
      showProblems();
    });
    return element("label", { class: "propose__choice" }, box, ` ${label}`);
  });
  return element(
    "fieldset",
    { class: "propose__field propose__choices", id, tabindex: "-1", "aria-describedby": describedBy(id, field.hint) },
    element("legend", { text: labelText(field) }),
    ...hintAndError(id, field.hint),
    element("div", { class: "propose__options" }, boxes),
  );
}

function actorStatus(id, name) {
  const status = element("p", { class: "propose__actor", id: `${id}-actor`, "aria-live": "polite" });
  const known = knownActor(name);
  if (known) status.textContent = say("actor.known", { name: known.name, id: known.id });
  else if (name && [...name.trim()].length >= 2) status.textContent = say("actor.new", { name: name.trim() });
  return status;
}

function actorField(id, field, value, onChange) {
  const block = textField(id, field, value, (text) => {
    onChange(text);
    block.querySelector(".propose__actor").replaceWith(actorStatus(id, text));
    renderNewActors();
  }, { list: "propose-actors" });
  block.append(actorStatus(id, value));
  return block;
}

// A field of repeated items (sources, partners, networks): each item drawn by
// `drawItem`, with a Remove button, then an Add button that focuses the new item.
function repeatedField(field, drawItem, newItem, firstInput) {
  const id = `f-${field.name}`;
  const items = draft.values[field.name];
  const container = element("fieldset", { class: "propose__group", id, tabindex: "-1", "aria-describedby": describedBy(id, field.hint) }, element("legend", { text: labelText(field) }), ...hintAndError(id, field.hint));
  items.forEach((item, index) => {
    const label = say(`item.${field.name}`, { n: index + 1 });
    const block = drawItem(item, index, label, `${id}-${index}`);
    block.append(element("button", { type: "button", class: "md-button propose__remove", text: say("remove"), "aria-label": say("remove.item", { item: label }), onclick: () => structural(() => items.splice(index, 1), `${id}-add`) }));
    container.append(block);
  });
  container.append(element("button", { type: "button", class: "md-button", id: `${id}-add`, text: say(`add.${field.name}`), onclick: () => structural(() => items.push(newItem()), firstInput(`${id}-${items.length}`)) }));
  return container;
}

function groupField(field) {
  return repeatedField(
    field,
    (item, index, label, itemId) => {
      const group = element("fieldset", { class: "propose__item" }, element("legend", { text: label }));
      for (const sub of field.fields) {
        const subId = `${itemId}-${sub.name}`;
        const change = (text) => update(() => (item[sub.name] = text));
        if (field.name === "partners" && sub.name === "name") group.append(actorField(subId, sub, item[sub.name], change));
        else if (field.name === "sources" && sub.name === "id") group.append(sourceIdField(subId, sub, item, index));
        else group.append(textField(subId, sub, item[sub.name], change));
      }
      return group;
    },
    () => ({}),
    (itemId) => `${itemId}-${field.fields[0].name}`,
  );
}

// A source's id field: empty while the id is automatic (shown as its placeholder);
// the markers follow when the contributor changes it.
function sourceIdField(id, field, source, index) {
  let before = "";
  const block = textField(id, field, source.id, (text) => update(() => (source.id = text)), { placeholder: sourceIds()[index] });
  const control = block.querySelector("input");
  control.addEventListener("focus", () => (before = sourceIds()[index]));
  control.addEventListener("change", () => {
    update(() => renameMarkers(before, sourceIds()[index]));
    before = sourceIds()[index];
    control.value = source.id || "";
  });
  return block;
}

function listField(field) {
  const items = draft.values[field.name];
  return repeatedField(
    field,
    (item, index, label, itemId) => actorField(itemId, { ...field.item, label, required: false }, item, (text) => update(() => (items[index] = text))),
    () => "",
    (itemId) => itemId,
  );
}

function fieldBlock(field) {
  const id = `f-${field.name}`;
  const change = (text) => update(() => (draft.values[field.name] = text));
  if (field.input === "choices") return choicesField(field);
  if (field.input === "group") return groupField(field);
  if (field.input === "list") return listField(field);
  if (field.name === "city") return actorField(id, field, draft.values.city, change);
  return textField(id, field, draft.values[field.name], change);
}

let drawnActors = null; // what the new actors' fields were last drawn for

// --- where a new actor is: the gazetteer's towns of its country ------------------
// One file per country, fetched when a new actor's country is chosen (never part of
// the page): [name, latitude, longitude, population], largest first.
const AXES = ["latitude", "longitude"];
const placeFiles = new Map(); // country -> the promise of its places (null: could not be loaded)
const loadedPlaces = new Map(); // country -> its places, once loaded (null: could not be loaded)
const numbers = new Intl.NumberFormat(data.language);

function loadPlaces(country) {
  if (!placeFiles.has(country)) {
    const loading = fetch(`${data.places.root}${country}.json`)
      .then((response) => (response.ok ? response.json() : null))
      .then((file) => (file && Array.isArray(file.places) ? file.places.map(([name, latitude, longitude, population]) => ({ name, key: folded(String(name)), latitude, longitude, population })) : null))
      .catch(() => null)
      .then((places) => (loadedPlaces.set(country, places), places));
    placeFiles.set(country, loading);
  }
  return placeFiles.get(country);
}

// The towns whose name is closest to an actor's: the same name, then a name within
// the other ("Municipality of Kauswagan"), then one starting like it, then one a
// letter or two apart; the largest first among equals.
function closestPlaces(places, name, most = 8) {
  const wanted = folded(name);
  const scored = [];
  for (const place of places) {
    let score = -1;
    if (place.key === wanted) score = 0;
    else if (` ${wanted} `.includes(` ${place.key} `) || ` ${place.key} `.includes(` ${wanted} `)) score = 1;
    else if (wanted.length >= 3 && place.key.startsWith(wanted)) score = 2;
    else if (wanted.length >= 5 && Math.abs(place.key.length - wanted.length) <= 2 && distance(place.key, wanted) <= 2) score = 3;
    if (score >= 0) scored.push({ score, place });
  }
  return scored.sort((a, b) => a.score - b.score || b.place.population - a.place.population).slice(0, most).map(({ score, place }) => ({ ...place, exact: score === 0 }));
}

// Letters to add, remove or change to turn one word into the other (Levenshtein).
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}

const atPlace = (details, place) => AXES.every((axis) => oneLine(details[axis]) !== "" && decimal(oneLine(details[axis])) === place[axis]);

// A new actor's country chosen: its towns are fetched, and a town of exactly the
// actor's name puts it on the map, unless coordinates were already given.
function countryChosen(actor, details, country) {
  renderNewActors();
  if (!country) return;
  loadPlaces(country).then((places) => {
    if (details.country !== country) return;
    const exact = places ? closestPlaces(places, actor.name).filter((place) => place.exact) : [];
    if (exact.length === 1 && AXES.every((axis) => !oneLine(details[axis]))) update(() => AXES.forEach((axis) => (details[axis] = String(exact[0][axis]))));
    renderNewActors(true);
  });
}

// The towns to choose from, with their credit, then latitude and longitude.
function placeFields(actor, details, id) {
  let matches = []; // the towns offered, once the country's are loaded
  const coordinates = AXES.map((axis) => textField(`${id}-${axis}`, actorFields[axis], details[axis], (text) => {
    update(() => (details[axis] = text));
    const select = document.getElementById(`${id}-place`);
    if (select) select.value = String(matches.findIndex((place) => atPlace(details, place)));
  }));
  const country = details.country;
  const places = country ? loadedPlaces.get(country) : undefined;
  if (!country) return coordinates;
  if (places === undefined) {
    loadPlaces(country).then(() => renderNewActors(true));
    return [element("p", { class: "propose__places", role: "status", text: say("actor.places.loading") }), ...coordinates];
  }
  const credit = element("p", { class: "propose__hint" }, ...withLink(say("actor.places.credit", { minimum: numbers.format(data.places.minimum) }), "{source}", element("a", { href: data.places.credit_url, target: "_blank", rel: "noopener", text: data.places.credit })));
  if (places === null) return [element("p", { class: "propose__places", role: "status", text: say("actor.places.failed") }), ...coordinates];
  matches = closestPlaces(places, actor.name);
  if (!matches.length) return [element("p", { class: "propose__places", role: "status", text: say("actor.places.none", { name: actor.name }) }), credit, ...coordinates];
  const options = matches.map((place, index) => [String(index), say("actor.place.option", { name: place.name, population: numbers.format(place.population), latitude: place.latitude, longitude: place.longitude })]);
  const field = { name: "place", label: say("actor.place"), hint: say("actor.place.hint"), required: false, input: "choice", options };
  const chosen = String(matches.findIndex((place) => atPlace(details, place)));
  const block = textField(`${id}-place`, field, chosen === "-1" ? "" : chosen, (index) => {
    const place = matches[Number(index)];
    if (!place) return;
    update(() => AXES.forEach((axis) => (details[axis] = String(place[axis]))));
    AXES.forEach((axis) => (document.getElementById(`${id}-${axis}`).value = details[axis]));
  });
  block.append(credit);
  return [block, ...coordinates];
}

// A message with an element in place of one of its {values}.
function withLink(text, placeholder, link) {
  const [before, after = ""] = text.split(placeholder);
  return [before, link, after];
}

function renderNewActors(force = false) {
  const box = root.querySelector(".propose__new-actors");
  const actors = newActors();
  const drawing = actors.map((actor) => [actor.id, actor.details.kind, actor.details.country, loadedPlaces.has(actor.details.country)].join(" ")).join("\n");
  if (drawing === drawnActors && !force) return showProblems(); // leave the fields, and the focus, alone
  drawnActors = drawing;
  const focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : null;
  box.replaceChildren();
  for (const key of Object.keys(draft.actors)) if (!Object.keys(draft.actors[key]).length) delete draft.actors[key];
  for (const actor of actors) {
    const details = (draft.actors[actor.key] = draft.actors[actor.key] || {});
    const id = `a-${actor.id}`;
    const set = (key) => (text) => update(() => (details[key] = text));
    const names = actorFields.names.languages.map(([code, language]) =>
      textField(`${id}-names-${code}`, { ...actorFields.names, label: fill(actorFields.names.label, { language }) }, (details.names || {})[code], (text) => update(() => ((details.names = details.names || {})[code] = text))),
    );
    box.append(
      element(
        "fieldset",
        { class: "propose__item propose__new-actor" },
        element("legend", { text: say("actor.legend", { name: actor.name, file: `${data.folders.actor}/${actor.id}.md` }) }),
        textField(`${id}-kind`, actorFields.kind, details.kind, (text) => {
          set("kind")(text);
          renderNewActors(); // the country becomes required, or not
        }),
        textField(`${id}-country`, { ...actorFields.country, required: data.actor_kinds_with_country.includes(details.kind) }, details.country, (text) => {
          set("country")(text);
          countryChosen(actor, details, text);
        }),
        placeFields(actor, details, id),
        names,
      ),
    );
  }
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  showProblems();
}

let lastSection = 0;
const selections = {};

function citeButtons() {
  const bar = root.querySelector(".propose__cite");
  const ids = sourceIds();
  const titled = draft.values.sources.map((source, index) => [ids[index], oneLine(source.title)]).filter(([, title]) => title);
  bar.replaceChildren(
    element("span", { text: titled.length ? say("cite") : say("cite.none") }),
    ...titled.map(([id, title]) =>
      element("button", {
        type: "button",
        class: "md-button propose__cite-button",
        text: `[^${id}]`,
        title: null,
        "aria-label": say("cite.source", { id, title }),
        onmousedown: (event) => event.preventDefault(), // keep the cursor where it is
        onclick: () => insertMarker(id),
      }),
    ),
  );
}

function insertMarker(id) {
  const area = document.getElementById(`f-section-${lastSection}`);
  const [start, end] = selections[lastSection] || [area.value.length, area.value.length];
  const marker = `[^${id}]`;
  area.value = area.value.slice(0, start) + marker + area.value.slice(end);
  selections[lastSection] = [start + marker.length, start + marker.length];
  update(() => (draft.sections[lastSection] = area.value));
  area.focus();
  area.setSelectionRange(start + marker.length, start + marker.length);
}

function storyBlock() {
  const story = element("div", { class: "propose__story" });
  data.sections.forEach((section, index) => {
    const id = `f-section-${index}`;
    const field = { label: `## ${section.headings[draft.language]}`, hint: section.prompt, required: section.required, input: "textarea" };
    const block = textField(id, field, draft.sections[index], (text) => update(() => (draft.sections[index] = text)), { rows: 6, lang: draft.language });
    const area = block.querySelector("textarea");
    const remember = () => {
      lastSection = index;
      selections[index] = [area.selectionStart, area.selectionEnd];
    };
    for (const event of ["focus", "keyup", "mouseup", "select", "input"]) area.addEventListener(event, remember);
    story.append(block);
  });
  return story;
}

function languageBlock() {
  const field = { label: say("language"), hint: say("language.hint"), required: true, input: "choice", options: data.languages };
  const block = textField("f-language", field, draft.language, (code) => {
    if (!code) return;
    draft.language = code;
    root.querySelector(".propose__story").replaceWith(storyBlock());
    update(() => {});
  });
  block.querySelector("option[value='']").remove();
  block.querySelector("select").value = draft.language;
  return block;
}

function section(title, ...children) {
  const id = `s-${slugOf(title)}`;
  return element("section", { class: "propose__section", "aria-labelledby": id }, element("h2", { id, text: title }), ...children);
}

function render(focus) {
  const facts = data.fields.filter((field) => !["sources", "partners", "networks"].includes(field.name));
  const datalist = element("datalist", { id: "propose-actors" }, data.actors.flatMap(([, name, , , others]) => [name, ...others].map((known) => element("option", { value: known }))));
  const status = element("p", { class: "propose__copy-status", role: "status" });
  root.replaceChildren(
    ...(notice ? [element("p", { class: "propose__restored", role: "status", "data-notice": notice, text: say(notice) })] : []),
    datalist,
    element("form", { class: "propose__form", novalidate: true, onsubmit: (event) => event.preventDefault() },
      section(say("part.facts"), languageBlock(), facts.map(fieldBlock)),
      section(say("part.actors"), fieldBlock(fieldsByName.partners), fieldBlock(fieldsByName.networks), element("div", { class: "propose__new-actors" })),
      section(say("part.sources"), fieldBlock(fieldsByName.sources)),
      section(say("part.story"), element("p", { text: say("story.intro") }), element("div", { class: "propose__cite", role: "group", "aria-label": say("cite") }), storyBlock()),
      section(say("part.send"),
        element("p", { class: "propose__summary", role: "status", "aria-live": "polite" }),
        element("div", { class: "propose__actions" },
          element("button", { type: "button", class: "md-button md-button--primary", id: "propose-check", text: say("check"), onclick: () => check() }),
        ),
        contributorBlock(),
        consentBlock(),
        element("p", { class: "propose__why", id: "propose-why", role: "status", text: say("consent.why") }),
        element("div", { class: "propose__actions" },
          element("button", { type: "button", class: "md-button", id: "propose-download", "aria-describedby": "propose-why propose-warning", text: say("download"), onclick: () => download(files()) }),
          element("button", { type: "button", class: "md-button", id: "propose-copy", "aria-describedby": "propose-why", text: say("copy"), onclick: () => copy(files().map(([path, text]) => (files().length > 1 ? `${path}\n\n${text}` : text)).join("\n\n"), status) }),
          element("button", { type: "button", class: "md-button propose__restart", id: "propose-restart", text: say("restart"), onclick: restart }),
        ),
        element("div", { class: "propose__warning", id: "propose-warning", role: "status" }),
        status,
        element("div", { class: "propose__send" }),
        element("h3", { text: say("preview") }),
        element("dl", { class: "propose__facts practice-facts" }),
        element("div", { class: "propose__files" }),
      ),
    ),
  );
  renderNewActors(true);
  refresh();
  if (focus && document.getElementById(focus)) document.getElementById(focus).focus();
}

// Who proposes: optional, never published, shown to the maintainers only.
function contributorBlock() {
  return element(
    "fieldset",
    { class: "propose__item propose__contributor", "aria-describedby": "f-contributor-hint" },
    element("legend", { text: say("contributor") }),
    element("p", { class: "propose__hint", id: "f-contributor-hint", text: say("contributor.hint") }),
    data.contributor_fields.map((field) =>
      textField(`f-contributor-${field.name}`, { ...field, private: true }, draft.contributor[field.name], (text) => update(() => (draft.contributor[field.name] = text))),
    ),
  );
}

// The licence and the right to share, agreed to before the file leaves the page.
function consentBlock() {
  const box = element("input", { type: "checkbox", id: "f-consent", "aria-required": "true" });
  box.checked = draft.consent;
  box.addEventListener("change", () => update(() => (draft.consent = box.checked)));
  const licence = element("a", { href: data.licence, target: "_blank", rel: "license noopener", text: say("consent.licence") });
  return element("div", { class: "propose__field propose__consent" }, element("label", { for: "f-consent" }, box, " ", ...withLink(say("consent"), "{licence}", licence), ` (${say("required")})`));
}

// A change that adds or removes fields: draw the form again, focus where asked.
function structural(change, focus) {
  change();
  changed();
  render(focus);
}

function update(change) {
  change();
  changed();
  refresh();
}

function showProblems() {
  const found = problems();
  for (const node of root.querySelectorAll(".propose__error")) {
    const id = node.id.slice(0, -"-error".length);
    const problem = found.get(id);
    // An empty field is not blamed before it was visited; a wrong value is, as it is typed.
    const visible = Boolean(problem) && (checkedAll || visited.has(id) || hasValue(id));
    node.hidden = !visible;
    node.textContent = visible ? [problem[0][0].toUpperCase() + problem[0].slice(1), problem[1]].filter(Boolean).join(" ") : "";
    const control = document.getElementById(id);
    if (control && visible) control.setAttribute("aria-invalid", "true");
    else if (control) control.removeAttribute("aria-invalid");
  }
  const summary = root.querySelector(".propose__summary");
  if (summary) summary.textContent = found.size ? say("problems", { n: found.size }) : say("ready");
  renderWarning(found);
  return found;
}

function hasValue(id) {
  const control = document.getElementById(id);
  return control && "value" in control && control.value !== "";
}

function check() {
  checkedAll = true;
  const found = showProblems();
  if (!found.size) return true;
  const first = [...root.querySelectorAll(".propose__error:not([hidden])")][0];
  const target = first && document.getElementById(first.id.slice(0, -"-error".length));
  if (target) target.focus();
  return false;
}

// Source ids shown as they are now: kept once cited, else automatic (the placeholder).
function showSourceIds() {
  const ids = sourceIds();
  draft.values.sources.forEach((source, index) => {
    const control = document.getElementById(`f-sources-${index}-id`);
    if (!control) return;
    control.placeholder = ids[index];
    if (control !== document.activeElement) control.value = source.id || "";
  });
}

function refresh() {
  showSourceIds();
  citeButtons();
  const all = files();
  const preview = root.querySelector(".propose__files");
  preview.replaceChildren(
    ...all.flatMap(([path, text], index) => [
      element("p", { class: "propose__file-name" }, element("code", { text: path })),
      element("pre", { class: "propose__file", tabindex: "0", "aria-label": path }, element("code", { text })),
    ]),
  );
  renderFacts();
  renderSend(all);
  for (const id of ["propose-download", "propose-copy"]) document.getElementById(id).disabled = !draft.consent;
  document.getElementById("propose-why").hidden = draft.consent;
  document.getElementById("propose-download").textContent = all.length > 1 ? say("download.all", { n: all.length }) : say("download");
  showProblems();
}

// Beside the download: what the draft still lacks, each a link to its field. The
// download still works, to finish later or to ask for help.
function renderWarning(found) {
  const box = document.getElementById("propose-warning");
  if (!box) return;
  box.hidden = !found.size;
  if (!found.size) return box.replaceChildren();
  box.replaceChildren(
    element("p", { text: say("download.problems", { n: found.size }) }),
    element("ul", {}, [...found].map(([id, [message]]) => element("li", {}, element("a", { href: `#${id}`, text: fieldName(id), onclick: (event) => focusField(event, id) }), `${say("colon")}${message}`))),
  );
}

// A field as the contributor knows it: its label, after its item's ("Source 2").
function fieldName(id) {
  const control = document.getElementById(id);
  if (!control) return id;
  const own = control.matches("fieldset") ? control.querySelector("legend") : root.querySelector(`label[for="${CSS.escape(id)}"]`);
  const item = control.parentElement.closest(".propose__item");
  const names = [item && item.querySelector("legend"), own].filter(Boolean).map((node) => node.textContent.replace(/\s*\([^()]*\)$/, ""));
  return [...new Set(names)].join(" – ");
}

function focusField(event, id) {
  const control = document.getElementById(id);
  if (!control) return;
  event.preventDefault();
  control.focus();
}

function renderFacts() {
  const values = draft.values;
  const rows = [];
  const add = (label, value) => value && rows.push(element("dt", { text: label }), element("dd", { text: value }));
  add(fieldsByName.title.label, oneLine(values.title));
  const city = knownActor(values.city);
  add(fieldsByName.city.label, city ? city.name : oneLine(values.city));
  for (const field of data.fields) {
    if (["title", "summary", "city", "last_reviewed"].includes(field.name)) continue;
    const value = values[field.name];
    if (field.input === "choices") add(field.label, value.map((v) => optionLabel(field, v)).join(", "));
    else if (field.input === "choice") add(field.label, value ? optionLabel(field, value) : "");
    else if (field.input === "list") add(field.label, value.filter(Boolean).map((name) => (knownActor(name) || { name }).name).join(", "));
    else if (field.input === "group") add(field.label, value.map((item) => (field.name === "partners" ? (knownActor(item.name) || { name: item.name }).name : item.title)).filter(Boolean).join("; "));
    else add(field.label, oneLine(value));
  }
  root.querySelector(".propose__facts").replaceChildren(...rows);
}

function renderSend(all) {
  const box = root.querySelector(".propose__send");
  const parts = [];
  if (data.repository) {
    const [[path, text]] = all;
    const link = githubLink(path, text);
    if (all.length > 1 || link.length > data.repository.url_limit) {
      // GitHub's new-file page takes one file: new actors go with their practice in one
      // pull request through its upload page; so does a file too long for an address.
      if (all.length === 1) parts.push(element("p", { class: "propose__too-long", role: "status", text: say("github.too_long", { size: link.length, limit: data.repository.url_limit }) }));
      else parts.push(element("p", { text: say("github.together", { n: all.length }) }));
      const steps = all.length > 1 ? ["step.download.all", "step.open.root", "step.upload.all", "step.propose"] : ["step.download", "step.open", "step.upload", "step.propose"];
      parts.push(element("ol", { class: "propose__steps" }, steps.map((key) => element("li", { text: say(key, { folder: data.folders.practice, n: all.length }) }))));
      const upload = `${data.repository.url}/upload/${encodeURIComponent(data.repository.branch)}${all.length > 1 ? "" : `/${data.folders.practice}`}`;
      parts.push(element("p", { class: "propose__github" }, sendLink({ class: "md-button md-button--primary", href: upload, target: "_blank", rel: "noopener", text: say("github.upload") })));
    } else {
      parts.push(element("p", { text: say("github.hint") }));
      parts.push(element("p", { class: "propose__github" }, sendLink({ class: "md-button md-button--primary", href: link, target: "_blank", rel: "noopener", "data-file": path, text: say("github") })));
    }
  }
  if (data.email) {
    parts.push(element("p", { text: say("email.hint", { address: data.email }) }));
    parts.push(element("p", {}, sendLink({ class: "md-button", id: "propose-email", href: emailLink(), text: say("email") })));
  }
  if (!data.repository && !data.email) parts.push(element("p", { class: "propose__nowhere", text: say("nowhere") }));
  box.replaceChildren(...parts);
}

// A link that sends the files: checked first; a disabled button, saying why, until
// the contributor agrees to the licence.
function sendLink({ href, target, rel, ...properties }) {
  if (!draft.consent) return element("button", { ...properties, type: "button", disabled: true, "aria-describedby": "propose-why" });
  return element("a", { ...properties, href, target, rel, onclick: (event) => (check() ? sent() : event.preventDefault()) });
}

function restart() {
  if (!confirm(say("restart.confirm"))) return;
  try {
    localStorage.removeItem(DRAFT_KEY);
  } catch (error) {
    // nothing was kept
  }
  draft = emptyDraft();
  notice = null;
  cityFromAddress(draft.values);
  derived = {};
  unsent = false;
  checkedAll = false;
  visited.clear();
  render("f-title");
}

window.addEventListener("beforeunload", (event) => {
  if (!unsent) return;
  event.preventDefault();
  event.returnValue = "";
});

keepCitedIds(); // a draft kept before ids were kept
render();
root.classList.add("propose--ready");
