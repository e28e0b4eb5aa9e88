// probative serve in Debian's Chromium, driven by playwright-core (which
// never downloads a browser: it is pointed at /usr/bin/chromium, or at
// $CHROMIUM).
//
// Usage: node serve.js URL STUDY_FILE SCREENSHOT_DIR
//
// 1. The page loads, live, with nothing on the console.
// 2. A likelihood changed through the edit panel: the preview moves, the
//    save writes exactly that value (every other byte of the file, comments
//    included, identical) and the page follows with the new posterior.
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
    const lineTag = await page.textContent("#ev-lb-inaugural .probative-line");
    check(/^study\.toml:\d+$/.test(lineTag), "item line tag: " + lineTag);
    await page.screenshot({ path: path.join(shots, "serve-page.png") });

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
    result.saved_round_trip_ms = await page.evaluate(() => window.__probative.roundTripMs);
    result.posterior_before = before;
    result.posterior_after = after;

    // 3. Edited from outside.
    const reloads3 = await page.evaluate(() => window.__probative.reloads);
    const started = Date.now();
    fs.writeFileSync(studyFile, saved.replace("empire = 0.9, lobby", "empire = 0.8, lobby"));
    await page.waitForFunction((n) => window.__probative.reloads > n &&
      window.__probative.report.evidence.some((e) => e.id === "lb-inaugural" && e.likelihood.empire === 0.8), reloads3, { timeout });
    result.outside_edit_to_page_ms = Date.now() - started;

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
