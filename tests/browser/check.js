// Checks a statuskey performance report as Chromium renders it. Loaded by the page that
// tests/browser/run writes for each data set, after `expected` (the evaluated rows from
// `statuskey eval --format json`, the report's file name and whether injected markup is
// expected). The report itself has no scripts; this harness reads its DOM through iframes
// (Chromium runs with --allow-file-access-from-files) and writes one line per finding into
// <pre id="result">: "FAIL ..." for a problem, "PASS ..." per check, "DONE" at the end.
"use strict";

const lines = [];
let failures = 0;
function fail(message) { failures += 1; lines.push("FAIL " + message); }
function pass(message) { lines.push("PASS " + message); }
function check(condition, message) { if (condition) { pass(message); } else { fail(message); } return condition; }

// "rgb(0, 112, 60)" or "#00703C" to [r, g, b].
function rgb(text) {
  text = text.trim();
  let m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(text);
  if (m) return [m[1], m[2], m[3]].map((d) => parseInt(d + d, 16));
  m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}
function luminance([r, g, b]) {
  const linear = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
const same = (a, b) => a && b && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

function checkReport(doc, win, label) {
  // Nothing from the data became an element, an attribute or a running script.
  check(doc.querySelectorAll("script").length === 0, `${label}: no <script> element`);
  check(doc.querySelectorAll("img, iframe, object, embed, link, b, i, em, s").length === 0,
        `${label}: no element from injected markup`);
  let handlers = 0;
  for (const element of doc.querySelectorAll("*")) {
    for (const attribute of element.attributes) if (/^on/i.test(attribute.name)) handlers += 1;
  }
  check(handlers === 0, `${label}: no event-handler attributes (${handlers})`);
  check(!window.pwned && !doc.body.dataset.pwned, `${label}: no injected script ran`);
  check(doc.documentElement.lang === "en-GB", `${label}: lang is en-GB`);
  if (expected.injected) {
    check(doc.body.textContent.includes("<script>"), `${label}: injected <script> shows as text`);
    check(doc.body.textContent.includes("<img src=x"), `${label}: injected <img> shows as text`);
  }

  // Every indicator row agrees with the evaluated row for its indicator and period.
  const evaluated = new Map(expected.rows.map((row) => [row.indicator + "\u0000" + row.period, row]));
  const indicators = new Set(expected.rows.map((row) => row.indicator));
  const shown = doc.querySelectorAll("tr.indicator");
  check(shown.length === indicators.size, `${label}: ${shown.length} indicator rows for ${indicators.size} indicators`);
  const tally = new Map();
  let rowProblems = 0;
  for (const tr of shown) {
    const key = tr.dataset.indicator + "\u0000" + tr.dataset.period;
    const row = evaluated.get(key);
    const where = `${label}: ${tr.dataset.indicator} ${tr.dataset.period}`;
    if (!row) { fail(`${where}: not an evaluated row`); rowProblems += 1; continue; }
    const cell = tr.querySelector("td.status");
    const text = cell.innerText.replace(/\s+/g, " ").trim();
    const statusLabel = row.error ? "Error row" : row.status;
    const statusSymbol = row.error ? "⚠" : row.symbol;
    tally.set(row.error ? "" : row.status, (tally.get(row.error ? "" : row.status) || 0) + 1);
    if (!text.includes(statusLabel)) { fail(`${where}: status cell "${text}" lacks its label "${statusLabel}"`); rowProblems += 1; }
    if (statusSymbol && !text.includes(statusSymbol)) { fail(`${where}: status cell "${text}" lacks its symbol "${statusSymbol}"`); rowProblems += 1; }
    const style = win.getComputedStyle(cell);
    const background = rgb(style.backgroundColor);
    const foreground = rgb(style.color);
    if (!row.error && row.colour && !same(background, rgb(row.colour))) {
      fail(`${where}: status cell background ${style.backgroundColor}, the key says ${row.colour}`); rowProblems += 1;
    }
    const ratio = contrast(background, foreground);
    if (ratio < 4.5) { fail(`${where}: status text contrast ${ratio.toFixed(2)} < 4.5`); rowProblems += 1; }
    const box = cell.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) { fail(`${where}: status cell not rendered`); rowProblems += 1; }
    const direction = tr.querySelector("td.direction");
    const arrowLabel = direction.querySelector(".badge .label");
    const arrow = (arrowLabel || direction).innerText.trim();
    // An officer's override is said beside the outcome, with what the rules gave.
    for (const [shownCell, final, computed] of [[cell, row.status, row.computed_status], [direction, row.direction, row.computed_direction]]) {
      if (!row.error && row.override_reason && final !== computed && !shownCell.innerText.includes("set by an officer")) {
        fail(`${where}: the override of ${computed || "none"} to ${final} is not shown`); rowProblems += 1;
      }
    }
    const wanted = row.error ? "" : row.direction;
    if (wanted ? arrow !== wanted : arrow !== "–") { fail(`${where}: direction "${arrow}", evaluated "${wanted}"`); rowProblems += 1; }
    const badge = direction.querySelector(".badge");
    if (badge) {
      const badgeStyle = win.getComputedStyle(badge);
      const badgeRatio = contrast(rgb(badgeStyle.backgroundColor), rgb(badgeStyle.color));
      if (badgeRatio < 4.5) { fail(`${where}: direction contrast ${badgeRatio.toFixed(2)} < 4.5`); rowProblems += 1; }
    }
    const periods = expected.rows.filter((r) => r.indicator === tr.dataset.indicator).length;
    const spark = tr.querySelector("td.trend svg");
    if ((periods >= 2) !== Boolean(spark)) { fail(`${where}: ${periods} periods but sparkline ${Boolean(spark)}`); rowProblems += 1; }
  }
  check(rowProblems === 0, `${label}: every indicator row matches its evaluated status, symbol, colour and arrow`);
  let weak = 0;
  for (const badge of doc.querySelectorAll(".badge, td.status")) {
    const style = win.getComputedStyle(badge);
    const ratio = contrast(rgb(style.backgroundColor), rgb(style.color));
    if (ratio < 4.5) {
      if (weak < 3) fail(`${label}: "${badge.innerText.trim()}" has contrast ${ratio.toFixed(2)} < 4.5`);
      weak += 1;
    }
  }
  check(weak === 0, `${label}: text on every status colour reaches 4.5:1`);

  // The headline counts are the rows' tally; the all-rows counts are eval's summary.
  const headline = doc.querySelector("p.headline");
  check(Number(headline.dataset.indicators) === indicators.size, `${label}: headline counts ${headline.dataset.indicators} indicators`);
  const counted = new Map();
  for (const span of headline.querySelectorAll("span.count[data-status]")) counted.set(span.dataset.status, Number(span.dataset.count));
  const errorSpan = headline.querySelector("span.count-error");
  if (errorSpan) counted.set("", Number(errorSpan.dataset.errors));
  const same_counts = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  check(same_counts(counted, tally), `${label}: headline counts ${JSON.stringify([...counted])} = rows ${JSON.stringify([...tally])}`);
  for (const span of headline.querySelectorAll("span.count[data-status]")) {
    const text = span.innerText.trim();
    if (!text.includes(span.dataset.count + " " + span.dataset.status)) fail(`${label}: headline shows "${text}"`);
  }
  const everyRow = doc.querySelector("p.all-rows");
  const allCounts = new Map();
  for (const span of everyRow.querySelectorAll("span.count[data-status]")) allCounts.set(span.dataset.status, Number(span.dataset.count));
  const summary = new Map(Object.entries(expected.summary.statuses));
  check(same_counts(allCounts, summary), `${label}: all-rows counts = eval summary ${JSON.stringify([...summary])}`);
  check(Number(everyRow.dataset.errors) === expected.summary.error_rows, `${label}: error rows = ${expected.summary.error_rows}`);

  // The key at the foot and the fingerprint.
  check(doc.querySelector("section.key table") !== null, `${label}: the key is at the foot`);
  check(doc.querySelector("code.fingerprint").textContent === expected.fingerprint, `${label}: fingerprint shown`);
}

// Layout: nothing wider than the window except the key's tables, which scroll (and the
// column headers the phone layout hides visually, keeping them for screen readers).
function checkLayout(doc, win, label) {
  const width = doc.documentElement.clientWidth;
  let wide = 0;
  for (const element of doc.querySelectorAll("main > section:not(.key) *, header *")) {
    const thead = element.closest("thead");
    if (thead && win.getComputedStyle(thead).position === "absolute") continue;
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      if (wide < 3) fail(`${label}: <${element.tagName.toLowerCase()} class="${element.className.baseVal ?? element.className}"> reaches ${Math.round(box.right)}px in a ${width}px window`);
      wide += 1;
    }
  }
  check(wide === 0, `${label}: fits a ${width}px window`);
}

function run() {
  try {
    const desktop = document.getElementById("desktop");
    const phone = document.getElementById("phone");
    checkReport(desktop.contentDocument, desktop.contentWindow, `${expected.name} desktop`);
    checkLayout(desktop.contentDocument, desktop.contentWindow, `${expected.name} desktop`);
    checkLayout(phone.contentDocument, phone.contentWindow, `${expected.name} phone`);
    const headers = phone.contentDocument.querySelector("table.indicators thead");
    check(phone.contentWindow.getComputedStyle(headers).position === "absolute", `${expected.name} phone: stacked layout`);
  } catch (error) {
    fail(`${expected.name}: the check itself failed: ${error}`);
  }
  lines.push(failures === 0 ? "DONE ok" : `DONE ${failures} failures`);
  document.getElementById("result").textContent = lines.join("\n");
}

window.addEventListener("load", run);
