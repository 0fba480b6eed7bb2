// policytext evidence explorer: draws the embedded tables as SVG and lists the passages
// behind a clicked point. Plain JavaScript, no library, no network.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  // docs rows: [doc_id, title, publisher, year, doc_type, period, href, paged]
  const DOC = { id: 0, title: 1, publisher: 2, year: 3, type: 4, period: 5, href: 6 };
  let selection = null;

  function el(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function html(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function options(select, values, labels) {
    select.replaceChildren();
    values.forEach((value, i) => {
      const option = html("option", labels ? labels[i] : value);
      option.value = value;
      select.appendChild(option);
    });
  }
  function unique(values) { return Array.from(new Set(values)).sort(); }
  function fmt(x) { return x === null ? "n/a" : String(Number(Number(x).toPrecision(3))); }
  function note(target, text) { target.replaceChildren(html("p", text, "note")); }

  function scale(domain, range) {
    const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
    return (x) => range[0] + ((x - d0) / (d1 - d0)) * (range[1] - range[0]);
  }
  function frame(width, height) {
    return el("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img" });
  }
  function axisY(svg, y, top, x0, x1, label) {
    svg.appendChild(el("line", { x1: x0, x2: x0, y1: 10, y2: 170, stroke: "#999" }));
    svg.appendChild(el("text", { x: 2, y: 12 }, label + " (max " + fmt(top) + ")"));
    svg.appendChild(el("line", { x1: x0, x2: x1, y1: y(0), y2: y(0), stroke: "#999" }));
  }
  function yearAxis(svg, years, x) {
    const step = Math.max(1, Math.ceil(years.length / 8));
    years.forEach((year, i) => {
      if (i % step === 0) svg.appendChild(el("text", { x: x(year) - 10, y: 190 }, String(year)));
    });
  }

  // --- filters and passages ---------------------------------------------------------------
  function passesFilters(doc, texts) {
    const period = $("filter-period").value, type = $("filter-doc-type").value;
    const publisher = $("filter-publisher").value;
    const query = $("filter-text").value.trim().toLowerCase();
    if (period && doc[DOC.period] !== period) return false;
    if (type && doc[DOC.type] !== type) return false;
    if (publisher && doc[DOC.publisher] !== publisher) return false;
    if (query) {
      const hay = texts.concat([doc[DOC.title], doc[DOC.id]]).join(" ").toLowerCase();
      if (!hay.includes(query)) return false;
    }
    return true;
  }
  // "all" (standardised to a fixed doc_type mix) and "all_raw" (pooled) hold every document.
  function inGroup(doc, group) {
    return group === "all" || group === "all_raw" || doc[DOC.type] === group;
  }

  function cellLines(sel) {
    if (sel.kind === "trend" || sel.kind === "frame") {
      const concept = D.concepts.indexOf(sel.concept);
      return D.lines.filter((line) => {
        const doc = D.docs[line[1]];
        if (line[0] !== concept || !inGroup(doc, sel.group)) return false;
        return sel.kind === "trend" ? doc[DOC.year] === sel.year : doc[DOC.period] === sel.period;
      });
    }
    if (sel.kind === "key") return D.keylines.filter((line) => line[0] === sel.bar);
    return D.topicdocs.filter((row) => {
      const doc = D.docs[row[1]];
      return row[0] === sel.topic && doc[DOC.year] === sel.year && inGroup(doc, sel.group);
    });
  }

  function citation(doc, page) {
    const parts = [doc[DOC.title], doc[DOC.publisher], String(doc[DOC.year]), doc[DOC.type]];
    if (page !== null && page !== undefined) parts.push("p. " + page);
    const cite = html("div", parts.join(" · "), "citation");
    if (doc[DOC.href]) {
      const link = html("a", " source");
      link.href = doc[DOC.href] + (page ? "#page=" + page : "");
      cite.appendChild(link);
    }
    return cite;
  }

  function passageItem(row, isTopic) {
    const doc = D.docs[row[1]];
    const item = html("li", undefined, "passage");
    item.dataset.doc = doc[DOC.id];
    if (isTopic) {
      item.dataset.weight = row[2];
      item.appendChild(html("div", "topic weight " + fmt(row[2]), "kwic"));
      item.appendChild(citation(doc, null));
      return item;
    }
    item.dataset.position = row[3];
    item.dataset.page = row[2] === null ? "" : row[2];
    const kwic = html("div", undefined, "kwic");
    kwic.append(row[4] + " ", html("b", row[5]), " " + row[6]);
    item.appendChild(kwic);
    if (row[7]) item.appendChild(html("div", row[7], "sentence"));
    item.appendChild(citation(doc, row[2]));
    return item;
  }

  function showPassages() {
    if (!selection) return;
    const sel = selection;
    const isTopic = sel.kind === "topic";
    const all = cellLines(sel);
    const shown = all
      .filter((row) => passesFilters(D.docs[row[1]], isTopic ? [] : [row[4], row[5], row[6], row[7]]))
      .slice(0, D.cap);
    $("selection-title").textContent = sel.title;
    const filtered = shown.length < Math.min(all.length, D.cap) ? " after the filters" : "";
    let text = `${shown.length} passage(s) listed${filtered}; the table counts ${sel.total} ` +
      `for this ${sel.unit} (${sel.table}).`;
    if (sel.total > all.length) text += ` Only the first ${D.cap} are embedded; the full set is in ${sel.table}.`;
    $("selection-count").textContent = text;
    $("selection-count").dataset.total = sel.total;
    $("passage-list").replaceChildren(...shown.map((row) => passageItem(row, isTopic)));
  }

  function select(sel, node) {
    document.querySelectorAll(".selected").forEach((n) => n.classList.remove("selected"));
    if (node) node.classList.add("selected");
    selection = sel;
    showPassages();
  }

  // --- charts -----------------------------------------------------------------------------
  function drawTrend() {
    const target = $("trend");
    const concept = $("concept").value, group = $("group").value;
    const rows = D.rates.filter((r) => r[0] === concept && r[2] === group);
    if (!rows.length) return note(target, "No rates for this concept and group (terms/rates.csv absent or empty).");
    const svg = frame(320, 200);
    const years = rows.map((r) => r[1]);
    const top = Math.max(...rows.map((r) => r[6] ?? r[4] ?? 0), 1e-9);
    const x = scale([Math.min(...years), Math.max(...years)], [40, 310]);
    const y = scale([0, top], [170, 15]);
    axisY(svg, y, top, 40, 310, "per 10k");
    yearAxis(svg, years, x);
    for (const r of rows) {
      if (r[4] === null) {
        svg.appendChild(el("text", { x: x(r[1]) - 3, y: 165, class: "note" }, "×"));
        continue;
      }
      if (r[5] !== null && r[6] !== null)
        svg.appendChild(el("line", { x1: x(r[1]), x2: x(r[1]), y1: y(r[5]), y2: y(r[6]), stroke: "#9ab" }));
      const point = el("circle", {
        cx: x(r[1]), cy: y(r[4]), r: 4, fill: "#1f5f8b", class: "point",
        "data-concept": r[0], "data-year": r[1], "data-group": r[2],
      });
      point.appendChild(el("title", {}, `${r[0]} ${r[1]} ${r[2]}: ${fmt(r[4])} per 10k, ${r[3]} hits`));
      point.addEventListener("click", () => select({
        kind: "trend", concept: r[0], year: r[1], group: r[2], total: r[3], unit: "point",
        title: `${r[0]} in ${r[1]} (${r[2]}): ${fmt(r[4])} per 10,000 tokens`,
        table: `terms/kwic/${r[0]}.csv`,
      }, point));
      svg.appendChild(point);
    }
    target.replaceChildren(svg);
  }

  function drawKeyness() {
    const target = $("keyness");
    const comparison = $("comparison").value;
    const bars = D.keyness.map((b, i) => [i, b]).filter(([, b]) => b[0] === comparison);
    if (!bars.length) return note(target, "No key words (terms/keyness.csv absent, or no comparison could be run).");
    const height = 14 * bars.length + 20;
    const svg = frame(320, height);
    const most = Math.max(...bars.map(([, b]) => Math.abs(b[4] || 0)), 1e-9);
    const x = scale([-most, most], [10, 310]);
    svg.appendChild(el("line", { x1: x(0), x2: x(0), y1: 0, y2: height, stroke: "#999" }));
    bars.forEach(([index, b], row) => {
      const value = b[4] || 0;
      const significant = b[5] !== false;
      const bar = el("rect", {
        x: Math.min(x(0), x(value)), y: 4 + 14 * row, width: Math.abs(x(value) - x(0)) || 1,
        height: 11, fill: significant ? "#8b3a1f" : "#d9b8ad", class: "bar",
        "data-comparison": b[0], "data-word": b[1],
      });
      bar.appendChild(el("title", {}, `${b[1]}: key for ${b[2]}, log ratio ${fmt(value)}` +
        (b[5] === null ? "" : b[5] ? ", significant" : ", not significant")));
      bar.addEventListener("click", () => select({
        kind: "key", bar: index, total: b[3], unit: "bar", table: "terms/keyness.csv",
        title: `"${b[1]}" in the ${b[2]} documents of ${b[0]}`,
      }, bar));
      svg.appendChild(bar);
      const anchor = value >= 0 ? "end" : "start";
      svg.appendChild(el("text", { x: value >= 0 ? x(0) - 3 : x(0) + 3, y: 13 + 14 * row, "text-anchor": anchor }, b[1]));
    });
    target.replaceChildren(svg);
  }

  function drawFrames() {
    const target = $("frames");
    const concept = $("concept").value, group = $("group").value;
    const rows = D.frames.filter((r) => r[0] === concept && r[2] === group);
    if (!rows.length) return note(target, "No frame counts for this concept and group (terms/frames.csv absent or empty).");
    const periods = D.periods.filter((p) => rows.some((r) => r[1] === p));
    const names = unique(rows.map((r) => r[3]));
    const svg = frame(320, 14 * names.length + 70);
    const width = 200 / Math.max(periods.length, 1);
    periods.forEach((p, i) => svg.appendChild(el("text", {
      x: 115 + width * i, y: 14 * names.length + 20, transform: `rotate(40 ${115 + width * i} ${14 * names.length + 20})`,
    }, p)));
    names.forEach((name, j) => svg.appendChild(el("text", { x: 2, y: 13 + 14 * j }, name)));
    for (const r of rows) {
      const i = periods.indexOf(r[1]), j = names.indexOf(r[3]);
      if (i < 0) continue;
      const share = r[5] === null ? 0 : r[5];
      const cell = el("rect", {
        x: 110 + width * i, y: 3 + 14 * j, width: width - 2, height: 12, class: "cell",
        fill: `rgba(31, 95, 139, ${0.08 + 0.92 * Math.min(1, share * 2)})`,
        "data-concept": r[0], "data-period": r[1], "data-group": r[2], "data-frame": r[3],
      });
      cell.appendChild(el("title", {}, `${r[3]} in ${r[1]}: share ${fmt(r[5])}, ${r[4]} hits near ${r[6]} mentions`));
      cell.addEventListener("click", () => select({
        kind: "frame", concept: r[0], period: r[1], group: r[2], total: r[6], unit: "cell (mentions)",
        title: `${r[0]} mentions in ${r[1]} (${r[2]}), frame ${r[3]}: ${r[4]} frame words`,
        table: `terms/frames.csv and terms/kwic/${r[0]}.csv`,
      }, cell));
      svg.appendChild(cell);
    }
    target.replaceChildren(svg);
  }

  function drawTopics() {
    const target = $("topics");
    const topic = Number($("topic").value), group = $("group").value;
    const rows = D.topics.filter((r) => r[0] === topic && r[3] === group);
    if (!rows.length) return note(target, "No topic shares for this topic and group (topics/prevalence.csv absent, or the group has none).");
    const svg = frame(320, 200);
    const years = rows.map((r) => r[2]);
    const top = Math.max(...rows.map((r) => r[7] ?? r[5] ?? 0), 1e-9);
    const x = scale([Math.min(...years), Math.max(...years)], [40, 310]);
    const y = scale([0, top], [170, 15]);
    axisY(svg, y, top, 40, 310, "share");
    yearAxis(svg, years, x);
    for (const r of rows) {
      if (r[5] === null) continue;
      if (r[6] !== null && r[7] !== null)
        svg.appendChild(el("line", { x1: x(r[2]), x2: x(r[2]), y1: y(r[6]), y2: y(r[7]), stroke: "#ab9" }));
      const point = el("circle", {
        cx: x(r[2]), cy: y(r[5]), r: 4, fill: "#3b7f3b", class: "tpoint",
        "data-topic": r[0], "data-year": r[2], "data-group": r[3],
      });
      point.appendChild(el("title", {}, `topic ${r[0]} ${r[1]}, ${r[2]}: share ${fmt(r[5])}`));
      point.addEventListener("click", () => select({
        kind: "topic", topic: r[0], year: r[2], group: r[3], total: r[4], unit: "point (documents)",
        title: `Topic ${r[0]} (${r[1]}) in ${r[2]} (${r[3]}): mean share ${fmt(r[5])}`,
        table: "topics/doc_topics.csv",
      }, point));
      svg.appendChild(point);
    }
    target.replaceChildren(svg);
  }

  function drawAll() { drawTrend(); drawKeyness(); drawFrames(); drawTopics(); }

  function setUp() {
    $("cap").textContent = D.cap;
    $("notes").replaceChildren(...D.notes.map((n) => html("li", n)));
    options($("concept"), D.concepts);
    const groups = unique(D.rates.map((r) => r[2]).concat(D.docs.map((d) => d[DOC.type])))
      .filter((g) => g !== "all");
    options($("group"), ["all"].concat(groups));
    const periods = D.periods.filter((p) => D.docs.some((d) => d[DOC.period] === p));
    options($("filter-period"), [""].concat(periods), ["any"].concat(periods));
    const types = unique(D.docs.map((d) => d[DOC.type]));
    options($("filter-doc-type"), [""].concat(types), ["any"].concat(types));
    const publishers = unique(D.docs.map((d) => d[DOC.publisher]));
    options($("filter-publisher"), [""].concat(publishers), ["any"].concat(publishers));
    options($("comparison"), unique(D.keyness.map((b) => b[0])));
    const topics = unique(D.topics.map((t) => t[0])).sort((a, b) => a - b);
    const labels = topics.map((t) => `${t} ${(D.topics.find((r) => r[0] === t) || [])[1] || ""}`);
    options($("topic"), topics.map(String), labels);
    for (const id of ["concept", "group", "comparison", "topic"]) $(id).addEventListener("change", drawAll);
    for (const id of ["filter-period", "filter-doc-type", "filter-publisher"])
      $(id).addEventListener("change", showPassages);
    $("filter-text").addEventListener("input", showPassages);
    drawAll();
  }
  setUp();
})();
