/* messages.js and the numbers learners type: filling in, plurals by the language's rules (Arabic's six),
 * money in French, and readNumber (grading.js) reading each language's way of writing a number. */
import test from "node:test";
import assert from "node:assert/strict";
import { fill, formatMoney, t, tHtml, tn, useMessages } from "../../course_builder/runtime/js/messages.js";
import { parseNumber, readNumber } from "../../course_builder/runtime/js/grading.js";

function inLanguage(language, table, body) {
  useMessages({ language: language, direction: language === "ar" ? "rtl" : "ltr", currency: "EUR", table: table || {} });
  try { body(); } finally { useMessages(null); }
}

test("fill names its values and leaves an unknown one visible", () => {
  assert.equal(fill("{a} of {b}", { a: 1, b: 2 }), "1 of 2");
  assert.equal(fill("{a} of {c}", { a: 1 }), "1 of {c}");
});

test("t and tn use the table, with Arabic's plural categories, and fall back to English", () => {
  const table = { "x.days": { zero: "Z{count}", one: "O{count}", two: "T{count}", few: "F{count}", many: "M{count}", other: "X{count}" },
    "x.hi": "مرحبا {name}" };
  inLanguage("ar", table, () => {
    assert.deepEqual([0, 1, 2, 5, 11, 100].map((n) => tn("x.days", "{count} day", "{count} days", n).replace(/[^A-Z]/g, "")),
      ["Z", "O", "T", "F", "M", "X"]);
    assert.equal(t("x.hi", "Hello {name}", { name: "Dana" }), "مرحبا Dana");
    assert.equal(t("x.missing", "Hello {name}", { name: "Dana" }), "Hello Dana");
  });
  assert.equal(tn("x.days", "{count} day", "{count} days", 1), "1 day");
  assert.equal(tn("x.days", "{count} day", "{count} days", 1234), "1,234 days");
});

test("money in French: comma decimals, spaced thousands, the euro after", () => {
  inLanguage("fr", {}, () => {
    assert.equal(formatMoney(1234.5).replace(/\s/g, " "), "1 234,50 €");
  });
});

test("numbers as a learner of each language types them", () => {
  const read = (text) => { const r = readNumber(text); return r.value !== undefined ? r.value : r.problem; };
  // English: a comma groups thousands; "1,5" is refused with a hint, never read as 15.
  assert.deepEqual(["1,050,000", "$1,050,000", " 1 050 000", "12.5", "1,234", "1,5", "1,05,000", "abc", ""].map(read),
    [1050000, 1050000, 1050000, 12.5, 1234, "decimal-mark", "not-a-number", "not-a-number", "empty"]);
  inLanguage("fr", {}, () => {
    assert.deepEqual(["12,5", "1 234,5", "1\u202f234,5", "1,234", "1.5", "1,234.5", "40,3 %", "1 05"].map(read),
      [12.5, 1234.5, 1234.5, 1.234, 1.5, 1234.5, 40.3, "not-a-number"]);
  });
  inLanguage("de", {}, () => {
    assert.deepEqual(["1.234,5", "1.234", "1,5", "1.5", "1.234.567"].map(read), [1234.5, 1234, 1.5, 1.5, 1234567]);
  });
  inLanguage("ar", {}, () => {
    assert.equal(read("\u0663\u066B\u0665"), 3.5);   // ٣٫٥
  });
  // What is stored and graded reads the same whatever the language.
  inLanguage("de", {}, () => { assert.equal(parseNumber("1.234"), 1.234); });
});

test("tHtml escapes the words, even a trainer's override, and keeps the HTML values", () => {
  useMessages({ language: "en", direction: "ltr", currency: "USD", table: { "simulation.ending": "R&D <ending>: {title}" } });
  assert.equal(tHtml("simulation.ending", "Ending: {title}", { title: "<em>Paid</em>" }), "R&amp;D &lt;ending&gt;: <em>Paid</em>");
  useMessages(null);
  assert.equal(tHtml("simulation.ending", "Ending: {title}", { title: "<em>Paid</em>" }), "Ending: <em>Paid</em>");
});
