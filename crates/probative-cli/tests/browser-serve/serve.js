// probative serve in Debian's Chromium, driven by playwright-core (which
// never downloads a browser: it is pointed at /usr/bin/chromium, or at
// $CHROMIUM).
//
// Usage: node serve.js URL STUDY_FILE SCREENSHOT_DIR
//
// 1. The page loads, live, with nothing on the console; each item's and
//    hypothesis's line is a link that opens the source pane scrolled to that
//    line, highlighted, and the line is the file's.
// 2. A likelihood changed through the edit panel: the preview moves, the
//    save writes exactly that value (every other byte of the file, comments
//    included, identical) and the page follows with the new posterior.
//    Then timed trials (printed, never asserted): from the input event to
//    the new posterior in the preview, and from the click on Save to the
//    new posterior in the report; the page swaps only the changed blocks,
//    and ends up with the text of a freshly loaded page.
// 3. The file edited from outside: the page follows.
// 4. A conflicting edit (the file changed after the panel opened): a clear
//    message, and nothing lost on disk.
// 5. The study broken: the overlay lists the error; fixed: it goes.
// Prints one line `RESULT {json}` with the timings; exits 1 on any failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [url, studyFile, shots] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const timeout = 15000;

// In the page: does it say what a page loaded afresh says (its line tags
// and buttons aside)? And how many block swaps and whole-page swaps made it.
async function sameAsFresh() {
  const fresh = new DOMParser().parseFromString(await (await fetch("/", { cache: "no-store" })).text(), "text/html");
  const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll(".probative-line, .probative-edit").forEach((e) => e.remove());
  // White space between blocks aside (a swapped block comes without the
  // line break that followed it in the page).
  const [a, b] = [main, fresh.querySelector("main")].map((m) => m.textContent.replace(/\s+/g, " ").trim());
  let at = 0;
  while (at < a.length && a[at] === b[at]) { at += 1; }
  const ids = (d) => [...d.querySelectorAll("article.item")].map((e) => e.id).join();
  return {
    swaps: window.__probative.swaps,
    whole: window.__probative.wholePages,
    main: a === b,
    first_difference: a === b ? null : [a.slice(at - 80, at + 80), b.slice(at - 80, at + 80)],
    style: document.head.querySelector("style[data-pbh]").textContent === fresh.head.querySelector("style").textContent,
    order: ids(document) === ids(fresh),
  };
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  const result = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    // The browser itself logs every answer that is not 2xx: the refused
    // save of step 4 (409), and a preview asked for while another editor
    // is rewriting the file, which the server answers with 422 (the study
    // on disk does not read at that instant). The page handles both, and
    // the steps below check what it shows; anything else on the console is
    // a problem.
    page.on("console", (m) => {
      const handled = /status of (409 \(Conflict\)|422 \(Unprocessable Entity\))/.test(m.text());
      if ((m.type() === "error" || m.type() === "warning") && !handled) {
        problems.push(m.text());
      }
    });
    page.on("pageerror", (e) => problems.push("page error: " + e.message));

    // 1. Load.
    await page.goto(url);
    await page.waitForFunction(() => window.__probative && window.__probative.ready, null, { timeout });
    await page.waitForSelector(".probative-line", { timeout });
    const lineTag = await page.textContent("#ev-lb-inaugural .probative-line a[data-line]");
    check(/^study\.toml:\d+$/.test(lineTag), "item line tag: " + lineTag);
    await page.screenshot({ path: path.join(shots, "serve-page.png") });

    // 1b. The line links open the file at that line.
    const fileLines = fs.readFileSync(studyFile, "utf8").split("\n");
    for (const [link, id] of [["#ev-lb-inaugural .probative-line a[data-line]", 'id = "lb-inaugural"'],
      ["#hyp-lobby .probative-line a[data-line]", 'id = "lobby"']]) {
      const line = Number(await page.getAttribute(link, "data-line"));
      await page.click(link);
      await page.waitForSelector(`#probative-source div.current[data-line="${line}"]`, { timeout });
      const shown = await page.evaluate(() => {
        const row = document.querySelector("#probative-source div.current");
        return row.lastChild.textContent;
      });
      check(shown === fileLines[line - 1], `line ${line} shown as ${JSON.stringify(shown)}, the file has ${JSON.stringify(fileLines[line - 1])}`);
      check(fileLines.slice(line - 1, line + 3).some((l) => l.trim().startsWith(id)),
        `line ${line} is not where ${id} is`);
      const visible = await page.evaluate(() => {
        const pane = document.querySelector("#probative-source .probative-source-text").getBoundingClientRect();
        const row = document.querySelector("#probative-source div.current").getBoundingClientRect();
        return row.top >= pane.top && row.bottom <= pane.bottom;
      });
      check(visible, `line ${line} is not scrolled into view`);
    }
    await page.screenshot({ path: path.join(shots, "serve-source.png") });
    await page.click("#probative-source-close");

    // 2. A likelihood through the UI.
    const original = fs.readFileSync(studyFile, "utf8");
    const before = await page.evaluate(() => window.__probative.report.hypotheses[0].posterior);
    await page.click('button.probative-edit[data-id="lb-inaugural"]');
    await page.fill('#probative-panel input[name="likelihood-empire"]', "0.9");
    const previewCell = '#probative-preview tr[data-h="empire"] td.after';
    // The panel previews the item as it is at first; the typed value
    // brings a new preview.
    await page.waitForFunction(([sel, b]) => {
      const cell = document.querySelector(sel);
      return cell && Number(cell.getAttribute("data-p")) !== b;
    }, [previewCell, before], { timeout });
    const preview = Number(await page.getAttribute(previewCell, "data-p"));
    check(preview > before, `the preview of P(empire) should rise from ${before}, got ${preview}`);
    check(fs.readFileSync(studyFile, "utf8") === original, "the preview wrote to the file");
    await page.screenshot({ path: path.join(shots, "serve-edit.png") });
    const reloads = await page.evaluate(() => window.__probative.reloads);
    const shownBefore = await page.textContent("#hyp-empire");
    await page.click("#probative-save");
    await page.waitForFunction((n) => window.__probative.reloads > n, reloads, { timeout });
    const after = await page.evaluate(() => window.__probative.report.hypotheses[0].posterior);
    check(Math.abs(after - preview) < 1e-12, `the page shows ${after}, the preview said ${preview}`);
    const shown = await page.textContent("#hyp-empire");
    check(shown !== shownBefore, "the hypotheses table did not change: " + shown);
    const oldLine = 'likelihood = { empire = [0.25, 0.55], lobby = "likely", nonproliferation = "likely", proxies = [0.4, 0.7], hardliners = "likely", weakness = [0.35, 0.65] }';
    check(original.split(oldLine).length === 2, "the edited line is unique in the example");
    const expected = original.replace(oldLine, oldLine.replace("empire = [0.25, 0.55]", "empire = 0.9"));
    const saved = fs.readFileSync(studyFile, "utf8");
    check(saved === expected, "the file changed in more than the edited value");
    result.posterior_before = before;
    result.posterior_after = after;

    // 2b. Timed trials. Preview: the input event on the likelihood field
    // to the preview's posterior changing. Save: the click on Save to the
    // report's posterior changing. Each also to the next frame drawn.
    await page.waitForFunction(() => window.__probative.version !== null && window.__probative.shown === window.__probative.version, null, { timeout });
    const posteriorCell = () => document.querySelectorAll("#hyp-empire td.num")[1].textContent;
    const timed = (start, changed, root) => page.evaluate(([start, changed, root]) => new Promise((resolve, reject) => {
      const read = new Function("return (" + changed + ")()");
      const before = read();
      const t0 = performance.now();
      const stop = setTimeout(() => reject(new Error("no change after " + start)), 10000);
      const observer = new MutationObserver(() => {
        if (read() === before) { return; }
        observer.disconnect();
        clearTimeout(stop);
        const shown = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => resolve([shown, performance.now() - t0]), 0));
      });
      observer.observe(document.querySelector(root), { subtree: true, childList: true, characterData: true });
      new Function(start)();
    }), [start, changed.toString(), root]);
    const values = [0.5, 0.9, 0.6, 0.9, 0.7, 0.9, 0.4, 0.9, 0.3, 0.9];
    const previews = [];
    await page.click('button.probative-edit[data-id="lb-inaugural"]');
    await page.waitForSelector(previewCell, { timeout });
    for (const v of values) {
      previews.push(await timed(`const i = document.querySelector('#probative-panel input[name="likelihood-empire"]');
        i.value = "${v === 0.9 ? 0.95 : v}"; i.dispatchEvent(new Event("input", { bubbles: true }));`,
      () => document.querySelector('#probative-preview tr[data-h="empire"] td.after').textContent, "#probative-panel"));
    }
    await page.click("#probative-cancel");
    const saves = [];
    const phases = [];
    for (const v of values) {
      const n = await page.evaluate(() => window.__probative.reloads);
      await page.click('button.probative-edit[data-id="lb-inaugural"]');
      await page.fill('#probative-panel input[name="likelihood-empire"]', String(v));
      // As a reader would, the save follows the preview of the change.
      await page.waitForFunction((sel) => {
        const cell = document.querySelector(sel);
        const now = window.__probative.report.hypotheses.find((h) => h.id === "empire").posterior;
        return cell && Number(cell.getAttribute("data-p")) !== now;
      }, previewCell, { timeout });
      saves.push(await timed("document.getElementById('probative-save').click();", posteriorCell, "body"));
      phases.push(await page.evaluate(() => [window.__probative.lastSave.answered,
        window.__probative.timing.start - window.__probative.lastSave.started + window.__probative.timing.blocks,
        window.__probative.timing.start - window.__probative.lastSave.started + window.__probative.timing.swapped,
        window.__probative.timing.parse, window.__probative.timing.place]));
      await page.waitForFunction((n) => window.__probative.reloads > n, n, { timeout });
      await page.waitForFunction(() => !document.getElementById("probative-panel") && window.__probative.shown === window.__probative.version, null, { timeout });
    }
    check(fs.readFileSync(studyFile, "utf8") === saved, "after the trials the file is not the one saved at 0.9");
    const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    const round = (x) => Math.round(x * 10) / 10;
    result.preview_ms = { shown_median: round(median(previews.map((p) => p[0]))), painted_median: round(median(previews.map((p) => p[1]))), shown: previews.map((p) => round(p[0])) };
    result.save_phases_median_ms = { answered: round(median(phases.map((p) => p[0]))), blocks_fetched: round(median(phases.map((p) => p[1]))), swapped: round(median(phases.map((p) => p[2]))),
      parse: round(median(phases.map((p) => p[3]))), place: round(median(phases.map((p) => p[4]))) };
    result.save_ms = { shown_median: round(median(saves.map((p) => p[0]))), painted_median: round(median(saves.map((p) => p[1]))), shown: saves.map((p) => round(p[0])) };
    // Only the changed blocks were swapped, and the page says what a page
    // loaded afresh says (its line tags and buttons aside).
    const swapped = await page.evaluate(sameAsFresh);
    check(swapped.swaps >= values.length && swapped.whole === 0, "the page was swapped whole: " + JSON.stringify(swapped));
    check(swapped.main && swapped.style && swapped.order, "the swapped page differs from a fresh one: " + JSON.stringify(swapped));

    // 3. Edited from outside, the reader further down the page: the page
    // follows, and what the reader looks at stays where it was.
    await page.evaluate(() => document.getElementById("ev-gv-axis-of-evil").scrollIntoView({ block: "center" }));
    await page.click("#ev-gv-axis-of-evil .probative-line a[data-line]");
    await page.waitForSelector("#probative-source div.current", { timeout });
    await page.waitForTimeout(300);
    const topBefore = await page.evaluate(() => document.getElementById("ev-gv-axis-of-evil").getBoundingClientRect().top);
    const reloads3 = await page.evaluate(() => window.__probative.reloads);
    const started = Date.now();
    fs.writeFileSync(studyFile, saved.replace("empire = 0.9, lobby", "empire = 0.8, lobby"));
    await page.waitForFunction((n) => window.__probative.reloads > n &&
      window.__probative.report.evidence.some((e) => e.id === "lb-inaugural" && e.likelihood.empire === 0.8), reloads3, { timeout });
    result.outside_edit_to_page_ms = Date.now() - started;
    await page.waitForTimeout(300);
    const topAfter = await page.evaluate(() => document.getElementById("ev-gv-axis-of-evil").getBoundingClientRect().top);
    check(Math.abs(topAfter - topBefore) < 2, `the card in view moved from ${topBefore} to ${topAfter}`);
    // The open source pane follows the file.
    await page.waitForFunction(() => {
      const pane = document.getElementById("probative-source");
      return pane && pane.getAttribute("data-version") === window.__probative.version;
    }, null, { timeout });
    const paneLines = await page.evaluate(() =>
      [...document.querySelectorAll("#probative-source div[data-line]")].map((row) => row.lastChild.textContent));
    check(paneLines.join("\n") === fs.readFileSync(studyFile, "utf8").replace(/\n$/, ""), "the source pane does not show the file as it is");
    await page.screenshot({ path: path.join(shots, "serve-scrolled.png") });
    await page.click("#probative-source-close");
    await page.evaluate(() => window.scrollTo(0, 0));
    // A page whose version the server does not know is sent every block,
    // and rebuilds itself from them.
    const reloads3b = await page.evaluate(() => { window.__probative.shown = "0000000000000000"; return window.__probative.reloads; });
    fs.writeFileSync(studyFile, saved);
    await page.waitForFunction((n) => window.__probative.reloads > n &&
      window.__probative.report.evidence.some((e) => e.id === "lb-inaugural" && e.likelihood.empire === 0.9), reloads3b, { timeout });
    const rebuilt = await page.evaluate(sameAsFresh);
    check(rebuilt.whole === 0 && rebuilt.main && rebuilt.style && rebuilt.order,
      "a page rebuilt from every block differs from a fresh one: " + JSON.stringify(rebuilt));
    // No blocks to be had: the page is swapped whole, as a fresh load.
    const reloads3c = await page.evaluate(() => {
      const real = window.fetch;
      window.fetch = (url, options) => String(url).startsWith("/api/blocks")
        ? Promise.resolve(new Response("{}", { status: 503 })) : real(url, options);
      window.__restoreFetch = () => { window.fetch = real; };
      return window.__probative.reloads;
    });
    fs.writeFileSync(studyFile, saved.replace("empire = 0.9, lobby", "empire = 0.7, lobby"));
    await page.waitForFunction((n) => window.__probative.reloads > n &&
      window.__probative.report.evidence.some((e) => e.id === "lb-inaugural" && e.likelihood.empire === 0.7), reloads3c, { timeout });
    const whole = await page.evaluate(sameAsFresh);
    await page.evaluate(() => window.__restoreFetch());
    check(whole.whole === 1 && whole.main && whole.style && whole.order,
      "a page swapped whole differs from a fresh one: " + JSON.stringify(whole));
    fs.writeFileSync(studyFile, saved);
    await page.waitForFunction(() => window.__probative.report.evidence.some((e) => e.id === "lb-inaugural" && e.likelihood.empire === 0.9), null, { timeout });

    // 4. A conflict: the panel opens, the file changes, the panel saves.
    await page.click('button.probative-edit[data-id="lb-inaugural"]');
    await page.fill('#probative-panel input[name="likelihood-empire"]', "0.3");
    const reloads4 = await page.evaluate(() => window.__probative.reloads);
    const outside = fs.readFileSync(studyFile, "utf8") + "# a note added in another editor\n";
    fs.writeFileSync(studyFile, outside);
    await page.waitForFunction((n) => window.__probative.reloads > n, reloads4, { timeout });
    await page.click("#probative-save");
    await page.waitForFunction(() => /changed on disk/.test(document.getElementById("probative-message").textContent), null, { timeout });
    const message = await page.textContent("#probative-message");
    check(message.includes("nothing was written"), "conflict message: " + message);
    check(fs.readFileSync(studyFile, "utf8") === outside, "the conflicting save overwrote the outside edit");
    await page.screenshot({ path: path.join(shots, "serve-conflict.png") });
    await page.click("#probative-cancel");

    // 5. Broken, then fixed.
    fs.writeFileSync(studyFile, outside.replace("prior = 0.15", "prior = "));
    await page.waitForSelector("#probative-overlay", { timeout });
    const overlay = await page.textContent("#probative-overlay");
    check(/study\.toml:\d+:\d+/.test(overlay), "the overlay names the place: " + overlay);
    check(await page.$("#hyp-empire") !== null, "the last good report stays under the overlay");
    await page.screenshot({ path: path.join(shots, "serve-overlay.png") });
    fs.writeFileSync(studyFile, outside);
    await page.waitForSelector("#probative-overlay", { state: "detached", timeout });

    check(problems.length === 0, "console: " + problems.join(" | "));
    console.log("RESULT " + JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error("FAILED: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
