// Opens a report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and prints what a test
// needs as JSON: console errors, page errors, every network request the page made, the figures in the rendered DOM,
// the per-image table's behaviour under its filters, and a screenshot at 1400 px wide.
// Usage: node check-report.mjs <report.html> <screenshot.png> [<chromium>]
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [report, screenshot, executable = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable, headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const result = { consoleErrors: [], pageErrors: [], requests: [], figures: [], comparisons: [], labels: [], tables: {} };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const url = pathToFileURL(report).href;
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") result.consoleErrors.push(m.type() + ": " + m.text()); });
  page.on("pageerror", (e) => result.pageErrors.push(String(e)));
  page.on("request", (r) => { if (r.url() !== url) result.requests.push(r.url()); });
  await page.goto(url, { waitUntil: "load" });
  try {
    await page.waitForSelector("body[data-rendered=true]", { state: "attached", timeout: 15000 });
  } catch (e) {
    result.pageErrors.push("the page did not finish rendering: " + e.message.split("\n")[0]);
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  await page.waitForFunction(() => !document.querySelector("[data-section=images]") || document.querySelectorAll(".tabulator-row").length > 0, null, { timeout: 15000 });
  result.title = await page.textContent("#report-title");
  result.figures = await page.$$eval("[data-model][data-metric]", (els) => els.map((e) => ({
    model: e.getAttribute("data-model"), metric: e.getAttribute("data-metric"), reportedBy: e.getAttribute("data-reported-by"), text: e.textContent.trim(),
    agrees: e.querySelector("[data-agrees]") ? e.querySelector("[data-agrees]").getAttribute("data-agrees") === "true" : null })));
  result.comparisons = await page.$$eval("[data-comparison]", (els) => els.map((e) => ({ pair: e.getAttribute("data-comparison"), verdict: e.querySelector("[data-metric=Verdict]").textContent,
    rows: Array.from(e.querySelectorAll("tr[data-row]:not([data-label])")).map((r) => Array.from(r.children).map((c) => c.textContent)),
    labelRows: Array.from(e.querySelectorAll("[data-section=label-comparison] tr[data-label]")).map((r) => Array.from(r.children).map((c) => c.textContent)),
    changed: Array.from(e.querySelectorAll("[data-section=changed-images] tr[data-image]")).map((r) => ({ image: r.getAttribute("data-image"),
      change: r.getAttribute("data-change"), thumbnail: !!r.querySelector("img"), cells: Array.from(r.children).slice(1).map((c) => c.textContent) })) })));
  result.labels = await page.$$eval("[data-section=labels]", (els) => els.map((e) => ({ model: e.getAttribute("data-model"),
    rows: Array.from(e.querySelectorAll("tr[data-label]")).map((r) => ({ label: r.getAttribute("data-label"),
      values: Object.fromEntries(Array.from(r.querySelectorAll("[data-metric]")).map((c) => [c.getAttribute("data-metric"), c.textContent])) })) })));
  result.charts = await page.$$eval("[data-chart] canvas", (els) => els.length);
  // The summary, and where it stands: before every comparison and model.
  result.summary = await page.$eval("[data-section=summary]", (s) => ({
    line: s.querySelector("[data-metric=SummaryLine]").textContent,
    disagreeing: s.querySelector("[data-metric=Disagreeing]") ? s.querySelector("[data-metric=Disagreeing]").textContent : null,
    compared: s.querySelector("[data-metric=Compared]") ? s.querySelector("[data-metric=Compared]").textContent : null,
    problems: Array.from(s.querySelectorAll("[data-metric=Problems] li")).map((li) => li.textContent),
    first: s.parentElement.firstElementChild === s })).catch(() => null);
  // Column headers of the image tables that the page cuts short ("Anomaly sc..."), if any.
  result.cutHeaders = await page.$$eval(".tabulator-col-title", (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  result.chartData = await page.$$eval("[data-chart]", (els) => els.map((e) => ({ model: e.getAttribute("data-model"), chart: e.getAttribute("data-chart"),
    marker: e.getAttribute("data-marker"), range: e.getAttribute("data-range"), points: Number(e.getAttribute("data-points")) })));
  result.thumbnails = await page.$$eval("[data-section=thumbnails]", (els) => els.map((e) => ({ model: e.getAttribute("data-model"),
    shown: Array.from(e.querySelectorAll(".thumb img")).filter((i) => i.complete && i.naturalWidth > 0).map((i) => ({ alt: i.alt, width: i.naturalWidth })),
    placeholders: Array.from(e.querySelectorAll(".thumb .placeholder")).map((p) => p.parentElement.getAttribute("data-image")) })));
  // A thumbnail opens larger on a click, at its full size, and Escape closes it.
  const firstThumb = await page.$(".thumb img");
  if (firstThumb) {
    await firstThumb.click();
    await page.waitForTimeout(100);
    result.opened = await page.$$eval(".large img", (els) => els.map((i) => ({ alt: i.alt, width: i.naturalWidth, shownWidth: i.getBoundingClientRect().width })));
    await page.keyboard.press("Escape");
    await page.waitForTimeout(50);
    result.closed = (await page.$$(".large")).length === 0;
  }
  // The per-image table of each model: rows on the first page, then after a search and an outcome filter.
  for (const section of await page.$$("[data-section=images]")) {
    const model = await section.getAttribute("data-model");
    const rows = async () => (await section.$$(".tabulator-row")).length;
    const total = await page.evaluate((m) => window.lfvTables[m].getDataCount("active"), model);
    const entry = { firstPage: await rows(), total };
    await (await section.$("select[aria-label='Filter by outcome']")).selectOption("Incorrect");
    await page.waitForTimeout(150);
    entry.incorrect = await page.evaluate((m) => window.lfvTables[m].getDataCount("active"), model);
    await (await section.$("select[aria-label='Filter by outcome']")).selectOption("");
    const first = await page.evaluate((m) => window.lfvTables[m].getData()[0].name, model);
    await (await section.$("input[type=search]")).fill(first);
    await page.waitForTimeout(150);
    entry.searched = await page.evaluate((m) => window.lfvTables[m].getDataCount("active"), model);
    entry.searchedFor = first;
    await (await section.$("input[type=search]")).fill("");
    await page.waitForTimeout(100);
    result.tables[model] = entry;
  }
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
