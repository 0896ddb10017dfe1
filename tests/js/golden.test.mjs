/* The golden vectors (tests/golden/vectors.json), which tests/test_golden.py also checks against the
 * build's Python: state.js encodes each state as core/progress.py does, and reads it back unchanged;
 * tracker.js grades each answer as worked out by hand (test_golden.py: the build's right answers are among them). */
import test from "node:test";
import assert from "node:assert/strict";
import * as state from "../../course_builder/runtime/js/state.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { GOLDEN as VECTORS, fixtureData, plain } from "./helpers.mjs";

for (const c of VECTORS.states) {
  test(`state.js encodes and decodes: ${c.case}`, () => {
    assert.equal(state.encode(c.state), c.encoded);
    assert.deepEqual(plain(state.decode(c.encoded)), c.state);
  });
}

test("there are vectors to check", () => {
  assert.ok(VECTORS.states.length >= 8);
});

test("tracker.js gives each answer of the vectors its credit", () => {
  const { answers } = VECTORS;
  const data = fixtureData().courses.types.data;
  const tracker = createTracker(data);
  const wrong = [];
  for (const c of answers.cases) {
    const credit = tracker.credit(answers.quiz, c.question, c.answer);
    if (Math.abs(credit - c.credit) > 1e-6) wrong.push(`${c.question} ${JSON.stringify(c.answer)}: ${credit}, not ${c.credit}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(answers.cases.length >= 20);
});
