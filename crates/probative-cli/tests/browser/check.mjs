// Opens an HTML report in Debian's Chromium (headless, through
// playwright-core, which never downloads a browser) and prints what it
// measured as one JSON object; crates/probative-cli/tests/browser.rs makes
// the assertions. Usage: node check.mjs PAGE.html OUT_DIR
// CHROMIUM names the browser binary (default /usr/bin/chromium).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [page_path, out] = process.argv.slice(2);
const url = pathToFileURL(page_path).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"],
});

// Everything the page measures about itself, in the page.
function measure() {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const lead = document.querySelector("#verdict .lead").getBoundingClientRect();
  const verdict = document.querySelector("#verdict .verdict").getBoundingClientRect();
  let smallest = { size: Infinity, text: "" };
  const charts = [];
  document.querySelectorAll("figure.chart svg").forEach((svg) => {
    const scale = svg.getScreenCTM().a;
    let drawn = 0;
    svg.querySelectorAll("rect, line, path, circle, text").forEach((mark) => {
      const box = mark.getBBox();
      if (box.width > 0 || box.height > 0) drawn += 1;
    });
    svg.querySelectorAll("text").forEach((t) => {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < smallest.size) smallest = { size, text: t.textContent, chart: svg.closest("figure").id };
    });
    const box = svg.getBoundingClientRect();
    charts.push({ id: svg.closest("figure").id, drawn, width: box.width, height: box.height });
  });
  const wide = [];
  document.querySelectorAll("body *").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && !el.closest(".table-wrap, .matrix-wrap, figure.chart, .item-numbers, .explanation pre")) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className : ""));
    }
  });
  const svgText = Array.from(document.querySelectorAll("svg text, svg title, svg desc")).map((t) => t.textContent).join("\n");
  return {
    viewport: [vw, vh],
    scroll_width: document.documentElement.scrollWidth,
    wide: wide.slice(0, 10),
    lead_bottom: lead.bottom,
    verdict_top: verdict.top,
    verdict_bottom: verdict.bottom,
    smallest_chart_text: smallest,
    charts,
    visible_entities: (document.body.innerText + "\n" + svgText).match(/&(lt|gt|amp|quot);/g) || [],
    height: document.documentElement.scrollHeight,
  };
}

// The matrix's controls, by a reader's clicks.
async function interact(page) {
  const result = {};
  const rows = () =>
    page.$$eval("#matrix-table tbody:first-of-type tr", (trs) =>
      trs.map((tr) => ({ order: Number(tr.dataset.order), diag: Number(tr.dataset.diag), shown: tr.offsetParent !== null })),
    );
  const before = await rows();
  result.rows = before.length;
  result.rows_shown = before.filter((r) => r.shown).length;
  await page.click('.sort-bar button[data-sort="diag"]');
  const sorted = await rows();
  result.sorted = sorted.every((r, i) => i === 0 || sorted[i - 1].diag >= r.diag);
  await page.click('.sort-bar button[data-sort="order"]');
  result.restored = (await rows()).every((r, i) => r.order === i);
  if (await page.$("#matrix-all")) {
    await page.check("#matrix-all");
    result.rows_shown_all = (await rows()).filter((r) => r.shown).length;
    await page.uncheck("#matrix-all");
  }
  // The default reference, then the focus against its strongest rival.
  const visible = (cls) =>
    page.$$eval("#matrix-table tbody:first-of-type tr:not(.quiet) td.w ." + cls, (els) => els.filter((e) => e.offsetParent !== null).length);
  const radios = await page.$$eval('input[name="matrix-ref"]', (rs) => rs.map((r) => ({ id: r.id, checked: r.checked })));
  const first = radios[0].id.replace("matrix-ref-", "r");
  result.default_cells = await visible(first);
  const quick = await page.$("label.quick");
  if (quick) {
    const target = await quick.getAttribute("for");
    await quick.click();
    result.quick_checked = await page.$eval("#" + target, (r) => r.checked);
    result.after_quick_default_cells = await visible(first);
    result.after_quick_cells = await visible(target.replace("matrix-ref-", "r"));
    await page.check("#" + radios[0].id);
  }
  // The heading stays in view while the matrix scrolls in its box.
  result.sticky = await page.$eval(".matrix-wrap", (wrap) => {
    wrap.scrollIntoView();
    wrap.scrollTop = 400;
    const head = wrap.querySelector("thead th").getBoundingClientRect().top;
    const top = wrap.getBoundingClientRect().top;
    wrap.scrollTop = 0;
    return Math.abs(head - top) < 3;
  });
  // Every download is a standalone SVG that parses.
  result.downloads = await page.$$eval("a.download", (links) =>
    links.map((a) => {
      const prefix = "data:image/svg+xml;charset=utf-8,";
      const href = a.getAttribute("href");
      if (!href.startsWith(prefix)) return { name: a.download, ok: false, why: "not an SVG data URL" };
      const xml = decodeURIComponent(href.slice(prefix.length));
      const doc = new DOMParser().parseFromString(xml, "image/svg+xml");
      const ok = !doc.querySelector("parsererror") && doc.documentElement.localName === "svg" && !!doc.querySelector("style");
      return { name: a.download, ok, why: ok ? "" : xml.slice(0, 200) };
    }),
  );
  return result;
}

// A picture of the viewport with `selector` scrolled to its top (a page
// a hundred screens tall is too big for one picture).
async function shoot(page, selector, path) {
  await page.$eval(selector, (el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path });
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function axe(page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 8).map((n) => n.target.join(" ")) })),
    ),
  );
  return found;
}

// The contrast of chart text against the page, in the current scheme.
function chartContrast() {
  const rgb = (s) => (s.match(/[\d.]+/g) || ["0", "0", "0"]).slice(0, 3).map(Number);
  const lum = (c) =>
    c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const paper = lum(rgb(getComputedStyle(document.documentElement).backgroundColor));
  let worst = { ratio: Infinity, text: "" };
  document.querySelectorAll("svg text:not(.seg-label):not(.event-number)").forEach((t) => {
    const l = lum(rgb(getComputedStyle(t).fill));
    const ratio = (Math.max(l, paper) + 0.05) / (Math.min(l, paper) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: t.textContent, cls: t.getAttribute("class") };
  });
  return worst;
}

const report = {};
for (const [name, width, height, scheme] of [
  ["desktop", 1366, 900, "light"],
  ["phone", 390, 844, "light"],
  ["dark", 1366, 900, "dark"],
]) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    colorScheme: scheme,
    isMobile: name === "phone",
    hasTouch: name === "phone",
    bypassCSP: false,
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => problems.push("console " + m.type() + ": " + m.text()));
  page.on("pageerror", (e) => problems.push("error: " + e.message));
  page.on("request", (r) => {
    if (r.url() !== url && !r.url().startsWith("data:")) problems.push("fetched " + r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  const result = await page.evaluate(measure);
  result.problems = problems;
  result.script_ran = await page.$eval(".sort-bar", (bar) => !bar.hidden);
  await page.screenshot({ path: join(out, name + "-top.png") });
  if (name === "desktop") {
    Object.assign(result, await interact(page));
    await shoot(page, "#hypotheses", join(out, "desktop-hypotheses.png"));
    await shoot(page, "#declared", join(out, "desktop-declared.png"));
    await shoot(page, "#matrix", join(out, "desktop-matrix.png"));
  }
  if (name === "dark") {
    await shoot(page, "#hypotheses", join(out, "dark-hypotheses.png"));
    await shoot(page, "#belief", join(out, "dark-belief.png"));
    await shoot(page, "#matrix", join(out, "dark-matrix.png"));
  }
  if (name === "phone") {
    await shoot(page, "#hypotheses", join(out, "phone-hypotheses.png"));
    await shoot(page, "#belief", join(out, "phone-belief.png"));
    await shoot(page, "#evidence", join(out, "phone-evidence.png"));
    await shoot(page, "#matrix", join(out, "phone-matrix.png"));
  }
  result.chart_contrast = await page.evaluate(chartContrast);
  // axe needs its script in the page; evaluating it goes around the
  // page's policy without weakening it for the page's own content.
  result.axe = await axe(page);
  report[name] = result;
  await context.close();
}

// Print: the default view, then every matrix row, as A4 PDFs.
{
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.pdf({ path: join(out, "print.pdf"), format: "A4", printBackground: true });
  if (await page.$("#matrix-all")) await page.check("#matrix-all");
  await page.pdf({ path: join(out, "print-all-rows.pdf"), format: "A4", printBackground: true });
  report.print = { heading: await page.$$eval("#matrix-table thead th", (ths) => ths.map((th) => th.innerText.split("\n")[0])) };
  await context.close();
}
await browser.close();
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
