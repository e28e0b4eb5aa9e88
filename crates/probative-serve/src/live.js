// probative serve: the live page. The report itself is the server's HTML;
// this script keeps it current (Server-Sent Events), shows an overlay while
// the study has errors (the last good report stays), shows each item's and
// hypothesis's line in the file, and adds editing and what-if panels.
// Every piece of study text reaches the page through textContent, never as
// markup.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="probative-token"]').content;
  var TERMS = ["almost no chance", "remote", "very unlikely", "highly improbable", "unlikely",
    "improbable", "roughly even chance", "roughly even odds", "likely", "probable",
    "very likely", "highly probable", "almost certain", "nearly certain"];
  var live = window.__probative = { version: null, shown: null, report: null, lines: null, reloads: 0,
    swaps: 0, wholePages: 0, status: "" };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function getJson(path) {
    return fetch(path, { cache: "no-store" }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body, etag: r.headers.get("ETag") }; });
    });
  }
  function post(path, body) {
    return fetch(path, {
      method: "POST", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-Probative-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (b) { return { status: r.status, body: b }; },
        function () { return { status: r.status, body: {} }; });
    });
  }

  // ---- the overlay -------------------------------------------------------
  function overlay(state) {
    var box = document.getElementById("probative-overlay");
    if (!state || !state.errors) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = el("div", { id: "probative-overlay", role: "alert" });
      box.style.cssText = "position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;z-index:1000;" +
        "background:#fff4f4;border-bottom:3px solid #b00020;padding:1em;font:14px/1.4 sans-serif;color:#300;";
      document.body.appendChild(box);
    }
    box.textContent = "";
    box.appendChild(el("strong", {}, "The study has " + state.errors + " error" + (state.errors === 1 ? "" : "s") +
      "; the last good report stays below until they are fixed."));
    var pre = el("pre", {}, state.errors_text);
    pre.style.cssText = "white-space:pre-wrap;font:13px/1.35 monospace;margin:.5em 0 0";
    box.appendChild(pre);
  }
  function refreshState() {
    return getJson("/api/state").then(function (r) { overlay(r.body); return r.body; });
  }

  // ---- loading the report ------------------------------------------------
  function loadData() {
    return Promise.all([getJson("/api/report"), getJson("/api/lines")]).then(useData);
  }
  function useData(rs) {
    if (rs[0].status !== 200) { return; }
    live.report = rs[0].body;
    live.version = (rs[0].etag || "").replace(/"/g, "");
    // At first the page shows the version of the first report (if the
    // study changed in between, the first swap finds out and swaps whole).
    if (live.shown === null) { live.shown = live.version; }
    live.lines = rs[1].body;
    decorate();
    // An open source pane shows the new text, at the line it showed.
    var pane = document.getElementById("probative-source");
    if (pane && pane.getAttribute("data-version") !== live.version && live.sourceLine) {
      showSource(live.sourceLine);
    }
  }
  // A new version: the page asks for its blocks (see blocks.rs) and swaps
  // only those whose hash it does not show, keeping every other element
  // (and the reader's scroll position) as it is. When the blocks do not
  // fit the page (an old or unknown version, a new kind of section), the
  // page is swapped whole. The report and the lines come in parallel.
  // Reloads run one after another, so two pushes of one version swap once.
  var reloading = Promise.resolve();
  function reload(version) {
    reloading = reloading.then(function () { return reloadNow(version); },
      function () { return reloadNow(version); });
    return reloading;
  }
  function reloadNow(version) {
    if (version === live.version && version === live.shown) { return refreshState(); }
    // Where the time goes, for the browser test's figures.
    var timing = live.timing = { start: performance.now() };
    // The report and the lines (for the panels and the line links) are
    // asked for once the page shows the new version: reading 400 KB of
    // JSON would hold up the swap.
    var data = function () { return Promise.all([getJson("/api/report"), getJson("/api/lines")]); };
    return getJson("/api/blocks?since=" + encodeURIComponent(live.shown || "")).then(function (r) {
      timing.blocks = performance.now() - timing.start;
      if (r.status === 200 && swapBlocks(r.body.blocks)) {
        timing.swapped = performance.now() - timing.start;
        live.shown = r.body.version;
        live.swaps += 1;
        return data();
      }
      return wholePage().then(data);
    }).then(useData).then(function () { live.reloads += 1; }).then(refreshState);
  }
  function fromHtml(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }
  function managed(node) {
    while (node && !node.hasAttribute("data-pbh")) { node = node.nextElementSibling; }
    return node;
  }
  // Puts `els` in `box`, in order, where its blocks were: blocks no longer
  // there go, the others move only when out of place.
  function place(box, els) {
    var keep = new Set(els);
    Array.prototype.slice.call(box.children).forEach(function (c) {
      if (c.hasAttribute("data-pbh") && !keep.has(c)) { c.remove(); }
    });
    var cursor = managed(box.firstElementChild);
    els.forEach(function (e) {
      if (e === cursor) { cursor = managed(cursor.nextElementSibling); } else { box.insertBefore(e, cursor); }
    });
  }
  function swapBlocks(blocks) {
    if (!blocks || !blocks.length) { return false; }
    var groups = {};
    var parents = [];
    blocks.forEach(function (b) {
      if (!groups[b.parent]) { groups[b.parent] = []; parents.push(b.parent); }
      groups[b.parent].push(b);
    });
    var plans = [];
    var fresh = [];
    // Everything is found or made before anything on the page changes.
    for (var i = 0; i < parents.length; i++) {
      var p = parents[i];
      var box = p === "head" ? document.head : p === "body" ? document.body :
        document.querySelector('[data-pb="' + p + '"]');
      if (!box) { return false; }
      var pool = {};
      Array.prototype.forEach.call(box.children, function (c) {
        var h = c.getAttribute("data-pbh");
        if (h && !c.hasAttribute("data-pb")) { (pool[h] = pool[h] || []).push(c); }
      });
      var els = [];
      for (var j = 0; j < groups[p].length; j++) {
        var b = groups[p][j];
        var e = null;
        if (b.container) {
          e = document.querySelector('[data-pb="' + b.container + '"]');
          if (!e || e.parentNode !== box || e.getAttribute("data-pbh") !== b.hash) { return false; }
        } else if (pool[b.hash] && pool[b.hash].length) {
          e = pool[b.hash].shift();
        } else if (typeof b.html === "string") {
          e = fromHtml(b.html);
          if (!e) { return false; }
          fresh.push(e);
        } else {
          return false;
        }
        els.push(e);
      }
      plans.push([box, els]);
    }
    live.timing.parse = performance.now() - live.timing.start - live.timing.blocks;
    // A new block off screen is laid out only when scrolled to; until then
    // it keeps the height of the one it replaces, so nothing moves (the
    // heights come from the observer: asking the page would lay it out).
    fresh.forEach(function (e) {
      var old = e.id && document.getElementById(e.id);
      var h = old && heights.get(old);
      if (h) { e.style.containIntrinsicSize = "auto " + h + "px"; }
    });
    var t0 = performance.now();
    plans.forEach(function (plan) { place(plan[0], plan[1]); });
    live.timing.place = performance.now() - t0;
    fresh.forEach(function (e) { if (e.matches(LAZY)) { sizes.observe(e); } });
    // The report's own inline script (the matrix sorter) binds to the
    // matrix: it runs again when the matrix is new.
    if (fresh.some(function (e) { return e.id === "matrix" || e.tagName === "SCRIPT"; })) { rerunScripts(); }
    return true;
  }
  function rerunScripts() {
    // The policy admits the report's inline script by its hash.
    document.querySelectorAll("body script").forEach(function (old) {
      var s = el("script");
      Array.prototype.forEach.call(old.attributes, function (a) { s.setAttribute(a.name, a.value); });
      s.textContent = old.textContent;
      old.replaceWith(s);
    });
  }
  function wholePage() {
    return fetch("/", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var y = window.scrollY;
      var keep = ["probative-overlay", "probative-panel", "probative-bar", "probative-source"].map(function (id) {
        return document.getElementById(id);
      });
      var style = doc.head.querySelector("style");
      var old = document.head.querySelector("style[data-pbh]") || document.head.querySelector("style");
      if (style && old) { old.replaceWith(document.adoptNode(style)); }
      document.body.replaceWith(document.adoptNode(doc.body));
      keep.forEach(function (k) { if (k) { document.body.appendChild(k); } });
      rerunScripts();
      window.scrollTo(0, y);
      document.querySelectorAll(LAZY).forEach(function (e) { sizes.observe(e); });
      // Which version this page is, the report fetched with it says.
      live.shown = null;
      live.wholePages += 1;
    });
  }

  // ---- lines and buttons on the report -----------------------------------
  // Each item's and hypothesis's line in the file is a link: it opens the
  // source pane at that line (and, with `--editor`, a second link opens it
  // in the user's editor).
  function lineTag(line) {
    var tag = el("span", { "class": "probative-line" });
    tag.style.cssText = "font:12px monospace;margin-left:.5em";
    var a = el("a", { href: "#probative-source", "data-line": String(line),
      title: "show this line of the study file" }, (live.lines.file || "study.toml") + ":" + line);
    a.addEventListener("click", function (ev) { ev.preventDefault(); showSource(line); });
    tag.appendChild(a);
    if (live.lines.editor) {
      var edit = el("a", { href: live.lines.editor.split("{line}").join(String(line)), "class": "probative-editor",
        title: "open this line in your editor" }, "editor");
      edit.style.marginLeft = ".4em";
      tag.appendChild(edit);
    }
    return tag;
  }
  // A line tag where there is none, or a new one where the line moved.
  function setLine(where, line) {
    var old = where.querySelector(".probative-line");
    if (old && old.firstChild.getAttribute("data-line") === String(line)) { return; }
    var tag = lineTag(line);
    if (old) { old.replaceWith(tag); } else { where.appendChild(tag); }
  }

  // ---- the source pane ---------------------------------------------------
  // The study's text as the report on screen read it (`/api/source`, which
  // needs the page's token), one element per line, each line's text set
  // as text, never as markup.
  function source() {
    if (live.source && live.source.version === live.version) { return Promise.resolve(live.source); }
    return fetch("/api/source", { cache: "no-store", headers: { "X-Probative-Token": token } })
      .then(function (r) { return r.json(); })
      .then(function (body) { live.source = body; return body; });
  }
  function sourcePane(src) {
    var pane = document.getElementById("probative-source");
    if (pane && pane.getAttribute("data-version") === src.version) { return pane; }
    if (pane) { pane.remove(); }
    pane = el("div", { id: "probative-source", role: "region", "aria-label": "the study file",
      "data-version": src.version });
    pane.style.cssText = "position:fixed;left:0;bottom:0;width:min(64em,62vw);height:45vh;z-index:940;" +
      "display:flex;flex-direction:column;background:#fff;color:#111;border:2px solid #334;" +
      "box-shadow:0 4px 16px #0004;font:13px sans-serif";
    var head = el("p", {});
    head.style.cssText = "margin:0;padding:.3em .6em;background:#f4f4f8;display:flex;gap:.6em;align-items:center";
    head.appendChild(el("strong", {}, src.file));
    head.appendChild(el("span", { "class": "muted" }, "as the report on screen read it"));
    var close = el("button", { type: "button", id: "probative-source-close" }, "Close");
    close.style.marginLeft = "auto";
    close.addEventListener("click", function () { pane.remove(); });
    head.appendChild(close);
    pane.appendChild(head);
    var text = el("div", { "class": "probative-source-text" });
    text.style.cssText = "overflow:auto;flex:1;font:12px/1.45 monospace;padding:.3em 0";
    var lines = src.text.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") { lines.pop(); }
    lines.forEach(function (line, i) {
      var row = el("div", { "data-line": String(i + 1) });
      row.style.cssText = "white-space:pre;padding:0 .6em";
      var n = el("span", {}, String(i + 1));
      n.style.cssText = "display:inline-block;width:4em;color:#777;user-select:none";
      row.appendChild(n);
      row.appendChild(document.createTextNode(line));
      text.appendChild(row);
    });
    pane.appendChild(text);
    document.body.appendChild(pane);
    return pane;
  }
  function showSource(line) {
    return source().then(function (src) {
      var pane = sourcePane(src);
      var old = pane.querySelector(".current");
      if (old) { old.classList.remove("current"); old.style.background = ""; }
      var row = pane.querySelector('div[data-line="' + Number(line) + '"]');
      if (!row) { return; }
      row.classList.add("current");
      row.style.background = "#ffe58a";
      row.scrollIntoView({ block: "center" });
      live.sourceLine = Number(line);
    });
  }

  function decorate() {
    var bar = document.getElementById("probative-bar");
    if (!bar) {
      bar = el("div", { id: "probative-bar" });
      bar.style.cssText = "position:fixed;bottom:0;right:0;z-index:900;background:#f4f4f8;border:1px solid #99a;" +
        "padding:.4em .6em;font:13px sans-serif;display:flex;gap:.5em;align-items:center";
      document.body.appendChild(bar);
    }
    bar.textContent = "";
    bar.appendChild(el("span", { id: "probative-status" }, live.status || "live"));
    [["priors", "Edit priors", editPriors], ["add", "Add evidence", addItem], ["whatif", "What if…", whatIf]]
      .forEach(function (b) {
        var button = el("button", { type: "button", id: "probative-" + b[0] }, b[1]);
        button.addEventListener("click", b[2]);
        bar.appendChild(button);
      });
    Object.keys(live.lines.evidence || {}).forEach(function (id) {
      var card = document.getElementById("ev-" + id);
      if (!card) { return; }
      var head = card.querySelector("header") || card;
      setLine(head, live.lines.evidence[id]);
      if (head.querySelector(".probative-edit")) { return; }
      var button = el("button", { type: "button", "class": "probative-edit", "data-id": id }, "Edit");
      button.style.marginLeft = ".5em";
      button.addEventListener("click", function () { editItem(id); });
      head.appendChild(button);
    });
    Object.keys(live.lines.hypothesis || {}).forEach(function (id) {
      var row = document.getElementById("hyp-" + id);
      if (row) { setLine(row.cells[0], live.lines.hypothesis[id]); }
    });
  }
  function setStatus(text) {
    live.status = text;
    var s = document.getElementById("probative-status");
    if (s) { s.textContent = text; }
  }

  // ---- the panel: edits previewed, saved on confirm ----------------------
  function panel(title) {
    var old = document.getElementById("probative-panel");
    if (old) { old.remove(); }
    var box = el("div", { id: "probative-panel", role: "dialog", "aria-label": title });
    box.style.cssText = "position:fixed;top:1em;right:1em;width:30em;max-height:90vh;overflow:auto;z-index:950;" +
      "background:#fff;border:2px solid #334;padding:1em;font:14px sans-serif;box-shadow:0 4px 16px #0004";
    var heading = el("p", {});
    heading.appendChild(el("strong", {}, title));
    box.appendChild(heading);
    document.body.appendChild(box);
    return box;
  }
  function hypothesisIds() { return live.report.hypotheses.map(function (h) { return h.id; }); }
  // "0.4" is a number, "[0.3, 0.5]" or "0.3 - 0.5" an interval, anything
  // else a term.
  function parseLikelihood(text) {
    var t = text.trim();
    if (/^(0|1)?(\.\d+)?$/.test(t) && t !== "" && t !== ".") { return Number(t); }
    var m = t.match(/^\[?\s*([\d.]+)\s*(?:,|-|–)\s*([\d.]+)\s*\]?$/);
    if (m) { return [Number(m[1]), Number(m[2])]; }
    return t;
  }
  function written(item, h) {
    var w = item.likelihood_written && item.likelihood_written[h];
    var iv = item.likelihood_interval[h];
    if (w === "interval") { return "[" + iv[0] + ", " + iv[1] + "]"; }
    if (w && w !== "number") { return w; }
    return String(item.likelihood[h]);
  }
  function previewTable(box) {
    var table = el("table", { id: "probative-preview" });
    table.style.cssText = "border-collapse:collapse;margin:.5em 0;width:100%";
    box.appendChild(table);
    var note = el("p", { id: "probative-message", role: "status" });
    box.appendChild(note);
    return { table: table, note: note };
  }
  function showPreview(view, report, removed) {
    view.table.textContent = "";
    var head = el("tr");
    ["hypothesis", "now", "with the change"].forEach(function (t) { head.appendChild(el("th", {}, t)); });
    view.table.appendChild(head);
    var now = {};
    live.report.hypotheses.forEach(function (h) { now[h.id] = h.posterior; });
    report.hypotheses.forEach(function (h) {
      var row = el("tr", { "data-h": h.id });
      row.appendChild(el("td", {}, h.id + (report.leader && report.leader.id === h.id ? " (leads)" : "")));
      row.appendChild(el("td", {}, now[h.id] === undefined ? "" : now[h.id].toFixed(3)));
      row.appendChild(el("td", { "class": "after", "data-p": String(h.posterior) },
        h.posterior.toFixed(3) + "  [" + h.posterior_interval[0].toFixed(3) + ", " + h.posterior_interval[1].toFixed(3) + "]"));
      view.table.appendChild(row);
    });
    view.note.textContent = removed && removed.length ? "Switched off: " + removed.join(", ") + " (not saved)." : "";
  }
  function problem(view, r) {
    var text = r.body.message || ("HTTP " + r.status);
    (r.body.diagnostics || []).forEach(function (d) {
      text += "\n• line " + (d.line || "?") + ": " + d.message + (d.help ? " (" + d.help + ")" : "");
    });
    view.note.textContent = text;
    view.note.style.whiteSpace = "pre-wrap";
    view.note.className = "problem";
  }
  // A preview is asked for at once; while one is on its way, the latest
  // change waits for it and goes next (never more than one in flight, and
  // the last state of the controls is always previewed).
  function previewer(view, collect) {
    var busy = false;
    var again = false;
    function send() {
      busy = true;
      again = false;
      var c = collect();
      post("/api/preview", { edits: c.edits || [], without: c.without || [] }).then(function (r) {
        view.note.className = "";
        if (r.status === 200) { showPreview(view, r.body.report, r.body.removed); }
        else { problem(view, r); }
      }, function () {}).then(function () {
        busy = false;
        if (again) { send(); }
      });
    }
    return function () {
      if (busy) { again = true; } else { send(); }
    };
  }
  // The base of an edit is the version on screen when its panel opened:
  // if the file changed since, the server refuses it (409) and nothing is
  // lost on either side.
  function saver(view, collect, box) {
    var base = live.version;
    return function () {
      var started = performance.now();
      post("/api/edit", { base: base, edits: collect().edits }).then(function (r) {
        if (r.status === 200) {
          live.lastSave = { version: r.body.version, started: started, answered: performance.now() - started };
          setStatus("saved");
          box.remove();
          // The push will say the same; the page need not wait for it.
          reload(r.body.version).then(function () {
            if (live.version === r.body.version) { live.roundTripMs = performance.now() - started; }
          });
        } else if (r.status === 409) {
          problem(view, r);
          setStatus("not saved: the file changed on disk");
        } else {
          problem(view, r);
          setStatus("not saved");
        }
      });
    };
  }
  function buttons(box, save) {
    var row = el("p");
    var ok = el("button", { type: "button", id: "probative-save" }, "Save to the file");
    ok.addEventListener("click", save);
    var cancel = el("button", { type: "button", id: "probative-cancel" }, "Cancel");
    cancel.addEventListener("click", function () { box.remove(); });
    row.appendChild(ok);
    row.appendChild(cancel);
    box.appendChild(row);
  }
  function field(box, label, input) {
    var l = el("label", {});
    l.style.cssText = "display:block;margin:.3em 0";
    l.appendChild(el("span", {}, label + " "));
    l.appendChild(input);
    box.appendChild(l);
    return input;
  }

  function editItem(id) {
    var item = live.report.evidence.filter(function (e) { return e.id === id; })[0];
    if (!item) { return; }
    var box = panel("Edit " + id);
    box.appendChild(el("p", {}, item.claim || ""));
    var inputs = {};
    hypothesisIds().forEach(function (h) {
      var wrap = el("div", { "class": "likelihood", "data-h": h });
      wrap.appendChild(el("code", {}, "P(E | " + h + ") "));
      var text = el("input", { type: "text", name: "likelihood-" + h, value: written(item, h), size: "18" });
      var slider = el("input", { type: "range", min: "0", max: "1", step: "0.01", value: String(item.likelihood[h]),
        "aria-label": "point value for " + h });
      var pick = el("select", { "aria-label": "estimative term for " + h });
      pick.appendChild(el("option", { value: "" }, "ICD 203 term…"));
      TERMS.forEach(function (t) { pick.appendChild(el("option", { value: t }, t)); });
      slider.addEventListener("input", function () { text.value = slider.value; update(); });
      pick.addEventListener("change", function () { if (pick.value) { text.value = pick.value; update(); } });
      text.addEventListener("input", function () {
        // The slider follows a number typed in.
        var typed = parseLikelihood(text.value);
        if (typeof typed === "number" && !isNaN(typed)) { slider.value = String(typed); }
        update();
      });
      wrap.appendChild(text);
      wrap.appendChild(slider);
      wrap.appendChild(pick);
      box.appendChild(wrap);
      inputs[h] = { text: text, original: written(item, h) };
    });
    var observed = field(box, "observed", el("input", { type: "checkbox", name: "observed" }));
    observed.checked = item.observed !== false;
    var reliability = field(box, "reliability", el("input", { type: "number", name: "reliability", min: "0", max: "1",
      step: "0.05", value: String(item.reliability) }));
    observed.addEventListener("change", function () { update(); });
    reliability.addEventListener("input", function () { update(); });
    var view = previewTable(box);
    function collect() {
      var edits = [];
      hypothesisIds().forEach(function (h) {
        if (inputs[h].text.value.trim() !== inputs[h].original) {
          edits.push({ path: ["evidence", id, "likelihood", h], value: parseLikelihood(inputs[h].text.value) });
        }
      });
      if (observed.checked !== (item.observed !== false)) {
        edits.push({ path: ["evidence", id, "observed"], value: observed.checked });
      }
      if (Number(reliability.value) !== item.reliability) {
        edits.push({ path: ["evidence", id, "reliability"], value: Number(reliability.value) });
      }
      return { edits: edits };
    }
    var update = previewer(view, collect);
    buttons(box, saver(view, collect, box));
    update();
  }

  function editPriors() {
    var box = panel("Edit priors");
    var inputs = {};
    live.report.hypotheses.forEach(function (h) {
      inputs[h.id] = field(box, h.id, el("input", { type: "number", name: "prior-" + h.id, min: "0", max: "1",
        step: "0.01", value: String(h.prior) }));
      inputs[h.id].addEventListener("input", function () { update(); });
    });
    var view = previewTable(box);
    function collect() {
      return { edits: live.report.hypotheses.filter(function (h) {
        return Number(inputs[h.id].value) !== h.prior;
      }).map(function (h) { return { path: ["hypothesis", h.id, "prior"], value: Number(inputs[h.id].value) }; }) };
    }
    var update = previewer(view, collect);
    buttons(box, saver(view, collect, box));
    update();
  }

  function addItem() {
    var box = panel("Add an evidence item");
    var id = field(box, "id", el("input", { type: "text", name: "id" }));
    var cases = el("select", { name: "case" });
    cases.appendChild(el("option", { value: "" }, "(no case)"));
    (live.report.cases || []).forEach(function (c) { cases.appendChild(el("option", { value: c.id }, c.id)); });
    field(box, "case", cases);
    var claim = field(box, "claim", el("input", { type: "text", name: "claim", size: "40" }));
    var source = field(box, "source", el("input", { type: "text", name: "source" }));
    var inputs = {};
    hypothesisIds().forEach(function (h) {
      inputs[h] = field(box, "P(E | " + h + ")", el("input", { type: "text", name: "likelihood-" + h, value: "0.5" }));
    });
    [id, cases, claim, source].concat(hypothesisIds().map(function (h) { return inputs[h]; }))
      .forEach(function (i) { i.addEventListener("input", function () { update(); }); });
    var view = previewTable(box);
    function collect() {
      if (!id.value.trim()) { return { edits: [] }; }
      var value = { id: id.value.trim() };
      if (cases.value) { value["case"] = cases.value; }
      value.claim = claim.value;
      if (source.value.trim()) { value.source = source.value.trim(); }
      value.likelihood = {};
      hypothesisIds().forEach(function (h) { value.likelihood[h] = parseLikelihood(inputs[h].value); });
      return { edits: [{ path: ["evidence", "+"], value: value }] };
    }
    var update = previewer(view, collect);
    buttons(box, saver(view, collect, box));
  }

  function whatIf() {
    var box = panel("What if… (never saved)");
    var specs = [];
    var sources = {};
    var cases = {};
    var tags = {};
    live.report.evidence.forEach(function (e) {
      if (e.source) { sources[e.source] = true; }
      if (e["case"]) { cases[e["case"]] = true; }
      (e.tags || []).forEach(function (t) { tags[t] = true; });
    });
    function group(title, values) {
      box.appendChild(el("h3", {}, title));
      values.forEach(function (v) {
        var c = field(box, v[1], el("input", { type: "checkbox", "data-spec": v[0] }));
        c.addEventListener("change", function () {
          specs = Array.prototype.slice.call(box.querySelectorAll("input[data-spec]:checked"))
            .map(function (x) { return x.getAttribute("data-spec"); });
          update();
        });
      });
    }
    var view = previewTable(box);
    group("Cases off", Object.keys(cases).map(function (c) { return ["case:" + c, c]; }));
    group("Sources off", Object.keys(sources).map(function (s) { return ["source:" + s, s]; }));
    if (Object.keys(tags).length) {
      group("Tags off", Object.keys(tags).map(function (t) { return ["tag:" + t, t]; }));
    }
    group("Items off", live.report.evidence.map(function (e) { return [e.id, e.id]; }));
    box.appendChild(view.table);
    box.appendChild(view.note);
    var update = previewer(view, function () { return { without: specs }; });
    var close = el("button", { type: "button", id: "probative-cancel" }, "Close");
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    update();
  }

  // ---- start -------------------------------------------------------------
  // Sections and item cards off screen are not laid out until scrolled to:
  // a swap of the report's blocks then costs the browser only what is in
  // view.
  var LAZY = "main > section, article.item";
  var lazy = el("style", {}, LAZY + " { content-visibility: auto; contain-intrinsic-size: auto 30em; }");
  document.head.appendChild(lazy);
  var heights = new WeakMap();
  var sizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { heights.set(entry.target, entry.contentRect.height); });
  });
  document.querySelectorAll(LAZY).forEach(function (e) { sizes.observe(e); });
  loadData().then(refreshState).then(function () {
    var events = new EventSource("/api/events");
    events.addEventListener("report", function (e) {
      reload(e.data);
    });
    events.addEventListener("diagnostics", function () { refreshState(); });
    live.ready = true;
  });
})();
