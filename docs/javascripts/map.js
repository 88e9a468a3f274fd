// Zoom and pan for the world map (catalog/worldmap.py draws it at build time).
// The view is the SVG's viewBox: the wheel, a drag, a pinch, the keyboard (+, −,
// arrows) and the page's buttons change it. Markers keep a readable size: past
// MAX_PIXELS_PER_UNIT they are drawn smaller than the land around them, with the
// layout the build made for that size (data-mark-scales on the map, data-offsets
// on each marker moved apart from others). Without this script the map is the
// build's picture of the whole world, which is also what "reset" returns to.
// Places' names, hidden without this script, are shown beside their markers at
// a constant size, where the build placed them for the current size of markers
// (data-label-scales on the map, data-at on each name: "-" where it would cover
// another); at the whole map they grow to keep that size, up to
// data-label-growth, and past it (a phone's whole map) are not shown.

const MAX_ZOOM = 40; // the whole map's width over the narrowest view's
const MAX_PIXELS_PER_UNIT = 1.6; // markers stop growing here: about their size on a desktop's whole map
const STEP = 1.5; // a key press or a button zooms by this
const PAN = 0.1; // an arrow key moves the view by this share of its width or height
const DRAG = 4; // pixels a pointer moves before a press becomes a drag, not a click
const PLACE_ZOOM = 8; // a link to one place (an actor page's "See it on the map") zooms at least this far on it

function worldMap(figure) {
  const svg = figure.querySelector("svg.world-map");
  const [X, Y, W, H] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  const scales = svg.dataset.markScales.split(" ").map(Number);
  const marks = [...svg.querySelectorAll(".world-map__mark")].map((group) => {
    const { e: x, f: y } = group.transform.baseVal.getItem(0).matrix;
    const offsets = (group.dataset.offsets || "").split(" ").filter(Boolean).map((pair) => pair.split(",").map(Number));
    return { group, x, y, offsets, dot: group.querySelector(".world-map__dot"), leader: group.querySelector(".world-map__leader"), layout: 0 };
  });
  const labelScales = svg.dataset.labelScales.split(" ").map(Number);
  const labelGrowth = Number(svg.dataset.labelGrowth);
  const labels = [...svg.querySelectorAll(".world-map__label")].map((group) => {
    const { e: x, f: y } = group.transform.baseVal.getItem(0).matrix;
    const anchor = group.firstElementChild;
    const lines = [...anchor.querySelectorAll("text")].map((text) => ({ text, width: Number(text.getAttribute("textLength")) }));
    const at = group.dataset.at.split(" ").map((entry) => (entry === "-" ? null : entry.split(",").map(Number)));
    return { group, x, y, anchor, box: anchor.firstElementChild, lines, width: Math.max(...lines.map((line) => line.width)), at, shown: undefined };
  });
  let view = { x: X, y: Y, w: W, h: H };

  const zoom = () => W / view.w;

  function clamped({ x, y, w, h }) {
    w = Math.min(W, Math.max(W / MAX_ZOOM, w));
    h = (w * H) / W; // the view keeps the map's proportions
    return { x: Math.min(X + W - w, Math.max(X, x)), y: Math.min(Y + H - h, Math.max(Y, y)), w, h };
  }

  // How large markers are drawn (1 at the whole map, smaller zoomed in), and how
  // much names grow to keep their size where a unit is fewer pixels than that.
  function sizes(pixelsPerUnit) {
    return { scale: Math.min(1, MAX_PIXELS_PER_UNIT / pixelsPerUnit), growth: Math.max(1, MAX_PIXELS_PER_UNIT / pixelsPerUnit) };
  }

  function draw() {
    svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    const { scale, growth } = sizes(svg.getBoundingClientRect().width / view.w || 1);
    svg.style.setProperty("--world-map-scale", scale);
    // The build's layout for the smallest size at least as large as this one.
    const layout = Math.max(0, scales.findLastIndex((size) => size >= scale - 1e-9));
    for (const mark of marks) {
      mark.group.setAttribute("transform", `translate(${mark.x} ${mark.y}) scale(${scale})`);
      if (mark.offsets.length && mark.layout !== layout) {
        const [dx, dy] = mark.offsets[Math.min(layout, mark.offsets.length - 1)];
        mark.dot.setAttribute("cx", dx);
        mark.dot.setAttribute("cy", dy);
        mark.leader.setAttribute("d", `M0 0L${dx} ${dy}`);
        mark.layout = layout;
      }
    }
    drawLabels(scale, growth);
    svg.classList.toggle("world-map--zoomed", zoom() > 1.0001);
    buttons.in.disabled = zoom() >= MAX_ZOOM - 1e-6;
    buttons.out.disabled = buttons.reset.disabled = zoom() <= 1.0001;
  }

  // The names' layout for markers drawn at `scale`, null where none is shown.
  function labelLevel(scale, growth) {
    const level = labelScales.findLastIndex((size) => size >= scale - 1e-9);
    return level < 0 || growth > labelGrowth + 1e-9 ? null : level;
  }

  // `growth` is more than 1 at the whole map only, where a unit of the map is
  // fewer pixels than where markers stop growing.
  function drawLabels(scale, growth) {
    const level = labelLevel(scale, growth);
    for (const label of labels) {
      const at = level === null ? null : label.at[level];
      if (!at) {
        if (label.shown !== false) label.group.style.display = "none";
        label.shown = false;
        continue;
      }
      const [anchorX, anchorY, cornerX, cornerY, align] = at;
      label.group.setAttribute("transform", `translate(${label.x} ${label.y}) scale(${scale})`);
      label.anchor.setAttribute("transform", `translate(${anchorX} ${anchorY}) scale(${growth})`);
      label.box.setAttribute("transform", `translate(${cornerX} ${cornerY})`);
      for (const line of label.lines) line.text.setAttribute("x", align * (label.width - line.width));
      if (label.shown !== true) label.group.style.display = "";
      label.shown = true;
    }
  }

  // The point of the map under a point of the screen.
  function at(clientX, clientY) {
    const box = svg.getBoundingClientRect();
    return { x: view.x + ((clientX - box.left) / box.width) * view.w, y: view.y + ((clientY - box.top) / box.height) * view.h };
  }

  // Zoom by `factor`, keeping the map's point `fixed` where it is on the screen.
  function zoomBy(factor, fixed = { x: view.x + view.w / 2, y: view.y + view.h / 2 }) {
    const w = view.w / factor;
    const shrink = w / view.w;
    view = clamped({ x: fixed.x - (fixed.x - view.x) * shrink, y: fixed.y - (fixed.y - view.y) * shrink, w });
    draw();
  }

  // The keyboard's zoom: on the selected place, brought to the middle, if there is one.
  function zoomOn(target, factor) {
    const dot = target.closest?.("a.world-map__place")?.querySelector(".world-map__dot");
    if (!dot) return zoomBy(factor);
    const box = dot.getBoundingClientRect();
    const place = at(box.left + box.width / 2, box.top + box.height / 2);
    const w = view.w / factor;
    view = clamped({ x: place.x - w / 2, y: place.y - (w * H) / W / 2, w });
    draw();
  }

  function panBy(dx, dy) {
    view = clamped({ ...view, x: view.x + dx, y: view.y + dy });
    draw();
  }

  function reset() {
    view = { x: X, y: Y, w: W, h: H };
    draw();
  }

  const buttons = {};
  const controls = figure.querySelector(".world-map__controls");
  for (const button of controls.querySelectorAll("button[data-zoom]")) buttons[button.dataset.zoom] = button;
  buttons.in.addEventListener("click", () => zoomBy(STEP));
  buttons.out.addEventListener("click", () => zoomBy(1 / STEP));
  buttons.reset.addEventListener("click", reset);

  svg.addEventListener(
    "wheel",
    (event) => {
      if (event.ctrlKey && event.deltaMode !== 0) return; // the browser's own page zoom
      const lines = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
      const factor = Math.exp((-event.deltaY * lines) / 500);
      if (factor < 1 && zoom() <= 1.0001) return; // at the whole map, the wheel scrolls the page on
      event.preventDefault();
      zoomBy(factor, at(event.clientX, event.clientY));
    },
    { passive: false },
  );

  // Drag with one pointer, pinch with two. A press that does not move stays a
  // click, so that a marker opens its page.
  const pointers = new Map();
  let gesture = null;
  let dragged = false;

  function startGesture() {
    const [first, second] = [...pointers.values()];
    gesture = second
      ? { view, middle: { x: (first.x + second.x) / 2, y: (first.y + second.y) / 2 }, distance: Math.hypot(first.x - second.x, first.y - second.y) || 1 }
      : { view, middle: first, distance: 0 };
  }

  svg.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 1) dragged = false;
    startGesture();
  });

  svg.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId) || !gesture) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    const [first, second] = [...pointers.values()];
    const middle = second ? { x: (first.x + second.x) / 2, y: (first.y + second.y) / 2 } : first;
    if (!dragged && !second && Math.hypot(middle.x - gesture.middle.x, middle.y - gesture.middle.y) < DRAG) return;
    if (!dragged) {
      dragged = true;
      svg.setPointerCapture(event.pointerId);
    }
    // Where the gesture began, the map's point under the fingers' middle; now,
    // the same point under their new middle, zoomed by how far they spread.
    const box = svg.getBoundingClientRect();
    const start = gesture.view;
    const factor = second ? Math.hypot(first.x - second.x, first.y - second.y) / gesture.distance : 1;
    const w = start.w / factor;
    const fixed = { x: start.x + ((gesture.middle.x - box.left) / box.width) * start.w, y: start.y + ((gesture.middle.y - box.top) / box.height) * start.h };
    view = clamped({ x: fixed.x - ((middle.x - box.left) / box.width) * w, y: fixed.y - ((middle.y - box.top) / box.height) * ((w * H) / W), w });
    if (view.w !== w) view = clamped({ ...view, x: fixed.x - ((middle.x - box.left) / box.width) * view.w, y: fixed.y - ((middle.y - box.top) / box.height) * view.h });
    draw();
  });

  function release(event) {
    if (!pointers.delete(event.pointerId)) return;
    if (pointers.size) startGesture(); // from a pinch to a drag with the finger left
    else gesture = null;
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  // After a drag, the click that ends it does not open the marker it ended on.
  svg.addEventListener(
    "click",
    (event) => {
      if (dragged) {
        event.preventDefault();
        event.stopPropagation();
        dragged = false;
      }
    },
    true,
  );
  svg.addEventListener("dragstart", (event) => event.preventDefault());

  // The keyboard, when the map or one of its markers or buttons has the focus.
  svg.setAttribute("tabindex", "0");
  figure.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return; // the browser's own shortcuts
    const moves = { ArrowLeft: [-PAN, 0], ArrowRight: [PAN, 0], ArrowUp: [0, -PAN], ArrowDown: [0, PAN] };
    if (event.key === "+" || event.key === "=") zoomOn(event.target, STEP);
    else if (event.key === "-" || event.key === "_" || event.key === "\u2212") zoomOn(event.target, 1 / STEP);
    else if (event.key === "0" || event.key === "Home") reset();
    else if (event.key in moves) panBy(moves[event.key][0] * view.w, moves[event.key][1] * view.h);
    else return;
    event.preventDefault();
  });

  // A marker reached with Tab outside the view: bring it into the middle.
  svg.addEventListener("focusin", (event) => {
    const dot = event.target.closest?.("a.world-map__place")?.querySelector(".world-map__dot");
    if (!dot) return;
    const box = dot.getBoundingClientRect(), frame = svg.getBoundingClientRect();
    if (box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom) return;
    const middle = at(box.left + box.width / 2, box.top + box.height / 2);
    panBy(middle.x - (view.x + view.w / 2), middle.y - (view.y + view.h / 2));
  });

  // A place's name and those of the places that share its point.
  function sharing(own) {
    return own.group.dataset.group ? labels.filter((label) => label.group.dataset.group === own.group.dataset.group) : [own];
  }

  // How far a link to a place zooms: from PLACE_ZOOM on, until the names of the
  // place and of those that share its point (one data-group) show, else its own.
  function placeZoom(slug) {
    const own = labels.find((label) => label.group.dataset.place === slug);
    if (!own) return PLACE_ZOOM;
    const together = sharing(own);
    const zooms = [];
    for (let factor = PLACE_ZOOM; factor < MAX_ZOOM; factor *= STEP) zooms.push(factor);
    zooms.push(MAX_ZOOM);
    const width = svg.getBoundingClientRect().width;
    const named = (factor, wanted) => {
      const { scale, growth } = sizes((width * factor) / W);
      const level = labelLevel(scale, growth);
      return level !== null && wanted.every((label) => label.at[level]);
    };
    for (const wanted of [together, [own]]) {
      const found = zooms.find((factor) => named(factor, wanted));
      if (found) return found;
    }
    return PLACE_ZOOM;
  }

  // A link to one place (#place-<id>, as actor pages give): the map zoomed on it,
  // the place selected.
  function showPlace() {
    let place = null;
    try {
      place = document.getElementById(decodeURIComponent(location.hash.slice(1)))?.closest("a.world-map__place");
    } catch {
      return; // an address the site did not write
    }
    const mark = place && marks.find((found) => place.contains(found.group));
    if (!mark) return;
    const w = W / placeZoom(place.dataset.place);
    view = clamped({ x: mark.x - w / 2, y: mark.y - (w * H) / W / 2, w });
    draw();
    // Then the place's marker and name, with those that share its point, in the middle.
    const own = labels.find((label) => label.group.dataset.place === place.dataset.place);
    const drawn = [mark.dot, ...(own ? sharing(own) : []).flatMap((label) => [svg.querySelector(`a[data-place="${CSS.escape(label.group.dataset.place)}"] .world-map__dot`), label.shown && label.group])];
    const shown = drawn.filter(Boolean).map((element) => element.getBoundingClientRect());
    const left = Math.min(...shown.map((box) => box.left)), right = Math.max(...shown.map((box) => box.right));
    const top = Math.min(...shown.map((box) => box.top)), bottom = Math.max(...shown.map((box) => box.bottom));
    const middle = at((left + right) / 2, (top + bottom) / 2);
    panBy(middle.x - (view.x + view.w / 2), middle.y - (view.y + view.h / 2));
    place.focus({ preventScroll: true });
    svg.scrollIntoView({ block: "center" });
    // The browser scrolls to the address's place itself once the page has loaded,
    // which puts the map under the header: the map in the middle again after it.
    if (document.readyState !== "complete") window.addEventListener("load", () => requestAnimationFrame(() => svg.scrollIntoView({ block: "center" })), { once: true });
  }
  window.addEventListener("hashchange", showPlace);

  window.addEventListener("resize", draw);
  controls.hidden = false;
  for (const help of document.querySelectorAll(".world-map__help")) help.hidden = false;
  figure.classList.add("world-map__figure--zoomable");
  draw();
  showPlace();
}

for (const figure of document.querySelectorAll(".world-map__figure")) worldMap(figure);
