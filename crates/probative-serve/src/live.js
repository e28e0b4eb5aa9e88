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
  var live = window.__probative = { version: null, report: null, lines: null, reloads: 0, status: "" };

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
    live.lines = rs[1].body;
    decorate();
  }
  // The page, the report and the lines are fetched together: the round
  // trip from a save to the new page is one request's time, not three.
  function reload(version) {
    if (version === live.version) { return refreshState(); }
    var page = fetch("/", { cache: "no-store" }).then(function (r) { return r.text(); });
    return Promise.all([page, getJson("/api/report"), getJson("/api/lines")]).then(function (rs) {
      var doc = new DOMParser().parseFromString(rs[0], "text/html");
      var y = window.scrollY;
      var keep = ["probative-overlay", "probative-panel", "probative-bar"].map(function (id) {
        return document.getElementById(id);
      });
      document.body.replaceWith(document.adoptNode(doc.body));
      keep.forEach(function (k) { if (k) { document.body.appendChild(k); } });
      // The report's own inline script runs again (the policy admits it by
      // its hash).
      document.querySelectorAll("body script").forEach(function (old) {
        var s = el("script");
        s.textContent = old.textContent;
        old.replaceWith(s);
      });
      window.scrollTo(0, y);
      useData(rs.slice(1));
    }).then(function () { live.reloads += 1; }).then(refreshState);
  }

  // ---- lines and buttons on the report -----------------------------------
  function lineTag(line) {
    var tag = el("span", { "class": "probative-line", title: "where this is in the study file" },
      (live.lines.file || "study.toml") + ":" + line);
    tag.style.cssText = "font:12px monospace;color:#555;margin-left:.5em";
    return tag;
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
      if (!card || card.querySelector(".probative-line")) { return; }
      var head = card.querySelector("header") || card;
      head.appendChild(lineTag(live.lines.evidence[id]));
      var button = el("button", { type: "button", "class": "probative-edit", "data-id": id }, "Edit");
      button.addEventListener("click", function () { editItem(id); });
      head.appendChild(button);
    });
    Object.keys(live.lines.hypothesis || {}).forEach(function (id) {
      var row = document.getElementById("hyp-" + id);
      if (!row || row.querySelector(".probative-line")) { return; }
      row.cells[0].appendChild(lineTag(live.lines.hypothesis[id]));
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
  function previewer(view, collect) {
    var timer = null;
    var seq = 0;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        var c = collect();
        post("/api/preview", { edits: c.edits || [], without: c.without || [] }).then(function (r) {
          if (mine !== seq) { return; }
          view.note.className = "";
          if (r.status === 200) { showPreview(view, r.body.report, r.body.removed); }
          else { problem(view, r); }
        });
      }, 60);
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
          live.lastSave = { version: r.body.version, started: started };
          setStatus("saved");
          box.remove();
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
      text.addEventListener("input", function () { update(); });
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
  loadData().then(refreshState).then(function () {
    var events = new EventSource("/api/events");
    events.addEventListener("report", function (e) {
      reload(e.data).then(function () {
        if (live.lastSave && live.lastSave.version === live.version) {
          live.roundTripMs = performance.now() - live.lastSave.started;
        }
      });
    });
    events.addEventListener("diagnostics", function () { refreshState(); });
    live.ready = true;
  });
})();
