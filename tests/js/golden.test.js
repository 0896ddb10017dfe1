/* The golden vectors (tests/golden/vectors.json), which tests/test_golden.py also checks against the
 * build's Python: state.js encodes each state as core/progress.py does, and reads it back unchanged;
 * tracker.js grades each answer as worked out by hand (test_golden.py: the build's right answers are among them). */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { load, fixtureData } = require("./browser.js");

const VECTORS = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "golden", "vectors.json"), "utf8"));
const state = load(["state.js"], {}).state;

for (const c of VECTORS.states) {
  test(`state.js encodes and decodes: ${c.case}`, () => {
    assert.equal(state.encode(c.state), c.encoded);
    assert.deepEqual(JSON.parse(JSON.stringify(state.decode(c.encoded))), c.state);
  });
}

test("there are vectors to check", () => {
  assert.ok(VECTORS.states.length >= 8);
});

test("tracker.js gives each answer of the vectors its credit", () => {
  const { answers } = VECTORS;
  const data = fixtureData().courses.types.data;
  const tracker = load(["digest.js", "state.js", "tracker.js"], data).tracker;
  const wrong = [];
  for (const c of answers.cases) {
    const credit = tracker.credit(answers.quiz, c.question, c.answer);
    if (Math.abs(credit - c.credit) > 1e-6) wrong.push(`${c.question} ${JSON.stringify(c.answer)}: ${credit}, not ${c.credit}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(answers.cases.length >= 20);
});
