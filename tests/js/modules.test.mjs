/* The runtime's modules on their own: each one loads with no window and no document (nothing runs at
 * load time but definitions; only the entries read window.CourseBuilder), and the parts with
 * no page to show: progress kept in this browser's storage, the progress line, the calculators'
 * arithmetic and what they say of a bad figure. */
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkFigure, compute, parse } from "../../course_builder/runtime/js/calculator.js";
import { progressText } from "../../course_builder/runtime/js/page.js";
import { createProgress, findLauncher, localStore } from "../../course_builder/runtime/js/progress.js";
import * as state from "../../course_builder/runtime/js/state.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { fixtureData } from "./helpers.mjs";

const JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "course_builder", "runtime", "js");
const ENTRIES = ["site-page.js", "scorm-launch.js", "activity-quiz.js", "activity-simulation.js", "activity-calculator.js"];

test("every module loads without a page, and only the entries reach for window.CourseBuilder", async () => {
  const names = fs.readdirSync(JS).filter((n) => n.endsWith(".js"));
  assert.ok(names.length >= 15, names.join(" "));
  assert.equal(typeof globalThis.window, "undefined");
  for (const name of names.filter((n) => !ENTRIES.includes(n))) {
    const module = await import(path.join(JS, name));
    assert.ok(Object.keys(module).length > 0, name + " exports nothing");
    assert.ok(!/CourseBuilder\b(?!SCO)/.test(fs.readFileSync(path.join(JS, name), "utf8")), name + " names window.CourseBuilder");
  }
});

function memoryStorage() {
  const items = {};
  return { getItem: (k) => (k in items ? items[k] : null), setItem: (k, v) => { items[k] = String(v); }, items };
}

test("without an LMS, progress is kept in this browser's storage and read back on the next page", () => {
  const course = fixtureData().courses.types.data;
  const tracker = createTracker(course);
  globalThis.localStorage = memoryStorage();
  try {
    let submits = 0;
    const progress = createProgress(course, tracker, localStore(course), () => { submits += 1; });
    assert.equal(progress.mode, "local");
    progress.visit(course.lessons[0].id);
    progress.submit("types-check", { "dso-name": "DSO", "dso-value": "40.3", "cei-band": "85", excuses: "abc", "call-steps": "abc" }, {});
    assert.equal(submits, 1);
    const saved = JSON.parse(globalThis.localStorage.items["course-builder:" + course.id]);
    assert.deepEqual(state.decode(saved).visited, [course.lessons[0].key]);

    const next = createProgress(course, tracker, localStore(course));   // the next page load
    assert.equal(next.summary().lessonsVisited, 1);
    assert.equal(next.quizView("types-check").best.passed, true);
    assert.deepEqual(next.remaining().lessons.map((l) => l.id), course.lessons.slice(1).map((l) => l.id));
  } finally {
    delete globalThis.localStorage;
  }
});

test("storage that throws (a sandboxed iframe) leaves the course working, without memory", () => {
  const course = fixtureData().courses.types.data;
  globalThis.localStorage = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("SecurityError"); } };
  try {
    const progress = createProgress(course, createTracker(course), localStore(course));
    progress.visit(course.lessons[0].id);
    assert.equal(progress.summary().lessonsVisited, 1);
  } finally {
    delete globalThis.localStorage;
  }
});

test("a page finds the launcher around it, and none when its parent cannot be read", () => {
  const sco = {};
  const top = { CourseBuilderSCO: sco };
  assert.equal(findLauncher({ parent: top }), sco);
  const alone = {};
  alone.parent = alone;
  assert.equal(findLauncher(alone), null);
  assert.equal(findLauncher({ get parent() { throw new Error("cross-origin"); } }), null);
});

test("the progress line counts in words", () => {
  const base = { lessonsVisited: 1, lessonsTotal: 1, quizzesPassed: 0, quizzesRequired: 0, complete: false };
  assert.equal(progressText(base), "Progress: 1 of 1 lesson");
  assert.equal(progressText({ ...base, lessonsTotal: 3, quizzesRequired: 2, quizzesPassed: 1 }),
    "Progress: 1 of 3 lessons, 1 of 2 quizzes passed");
  assert.equal(progressText({ ...base, quizzesRequired: 1, quizzesPassed: 1, complete: true }),
    "Progress: 1 of 1 lesson, 1 of 1 quiz passed. Course complete.");
});

test("each calculator's example figures give the domain facts' results", () => {
  const specs = fixtureData().calculators;
  const results = {};
  for (const [name, spec] of Object.entries(specs)) {
    const values = {};
    spec.fields.forEach((f) => { values[f.id] = f.example; });
    if (spec.months) values.months = spec.months.example.map(([sales, days]) => ({ sales, days }));
    results[name] = compute(spec, values).value;
  }
  const rounded = Object.fromEntries(Object.entries(results).map(([n, v]) => [n, Math.round(v * 10) / 10]));
  // Domain facts, section 1 (Acme Supply).
  assert.deepEqual(rounded, { cei: 86.4, dso: 40.3, "dso-count-back": 32.9, "best-possible-dso": 35.1, add: 5.1,
    "collected-vs-goal": 95 });
  // ADD subtracts the unrounded DSOs (40.29 - 35.14); rounding them first would give 5.2.
  assert.ok(Math.abs(results.add - (470 / 1050 * 90 - 410 / 1050 * 90)) < 1e-9);
});

test("figures as learners type them, and a message naming the box when one is wrong", () => {
  assert.deepEqual(["1,050,000", "$400,000", "$400k", "1.05m", " 90 ", "abc", "1,05,0"].map(parse),
    [1050000, 400000, 400000, 1050000, 90, null, null]);
  const field = { unit: "$", positive: true, max: null };
  assert.deepEqual(checkFigure("470,000", field, "Ending AR", 470000), { value: 470000 });
  assert.equal(checkFigure("", field, "Ending AR", 470000).problem, "“Ending AR” is empty: enter a number, such as $470,000.");
  assert.match(checkFigure("lots", field, "Ending AR", 470000).problem, /^“Ending AR” is not a number/);
  assert.match(checkFigure("0", field, "Credit sales", 1).problem, /must be more than zero: the formula divides by it/);
  assert.match(checkFigure("-5", field, "Days", 90).problem, /cannot be negative/);
});

test("a French calculator reads French figures and writes its results, money and messages the French way", async () => {
  const { useMessages } = await import("../../course_builder/runtime/js/messages.js");
  useMessages({ language: "fr", direction: "ltr", currency: "EUR", table: {
    "calculator.quoted": "« {label} »",
    "calculator.empty-example": "{label} est vide : saisissez un nombre, par exemple {example}.",
    "calculator.days": { one: "{count} jour", many: "{count} de jours", other: "{count} jours" },
    "calculator.rounded": "{exact}, soit {shown}"
  } });
  try {
    assert.deepEqual(["1 050 000", "1 234,5", "1,05m", "400k", "12,5"].map(parse), [1050000, 1234.5, 1050000, 400000, 12.5]);
    const field = { unit: "$", positive: true, max: null };
    assert.equal(checkFigure("", field, "AR de fin", 470000).problem.replace(/\s/g, " "),
      "« AR de fin » est vide : saisissez un nombre, par exemple 470 000 €.");
    const spec = fixtureData().calculators.dso, values = {};
    spec.fields.forEach((f) => { values[f.id] = f.example; });
    const step = compute(spec, values).steps[0].replace(/\s/g, " ");
    assert.equal(step, "DSO: 470 000 € ÷ 1 050 000 € × 90 jours = 40,29 jours, soit 40,3 jours");
  } finally {
    useMessages(null);
  }
  // In English a decimal comma is refused with a message saying how to type it, never read as 15.
  const days = { unit: "days", positive: true, max: null };
  assert.equal(parse("1,5"), null);
  assert.match(checkFigure("1,5", days, "Days", 90).problem, /write decimals with a point, such as 1\.5/);
});
