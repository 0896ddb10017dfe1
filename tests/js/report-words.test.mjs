/* The launch page without report-words.js (it failed to load): tracking goes on, choices named by letter.
 * Its own file: grading.js keeps each question's names once looked up, so no other test may have run. */
import test from "node:test";
import assert from "node:assert/strict";
import { EDITIONS } from "../../course_builder/runtime/js/scorm-editions.js";
import { report, withReportWords } from "../../course_builder/runtime/js/reporting.js";
import * as state from "../../course_builder/runtime/js/state.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { fixtureData, plain } from "./helpers.mjs";

test("without the report words, both editions still report the score and every answer, by letter", () => {
  const course = withReportWords(plain(fixtureData().courses.types.data), undefined);
  const tracker = createTracker(course);
  const s = state.empty();
  const answers = { "dso-name": "DSO", "dso-value": "40.3", "cei-band": "85", excuses: "abc", "call-steps": "cab" };
  const result = tracker.submit(s, "types-check", answers);
  const event = { type: "submit", quizId: "types-check", result };
  for (const edition of ["scorm12", "scorm2004"]) {
    const out = report(EDITIONS[edition], course, tracker, s, event, "credit", new Date(2026, 0, 1));
    assert.equal(out.interactions.length, 5, edition);
    assert.ok(!/undefined/.test(JSON.stringify(out)), JSON.stringify(out.interactions));
    const values = Object.fromEntries(out.values);
    assert.ok(Object.keys(values).some((k) => /score\.raw$/.test(k)), edition);
  }
  const out = report(EDITIONS.scorm2004, course, tracker, s, event, "credit", new Date(2026, 0, 1));
  const fields = Object.fromEntries(out.interactions.find(([id]) => id === "types-check.excuses")[1]);
  assert.equal(fields.learner_response, "a[.]a[,]b[.]b[,]c[.]c");
  assert.equal(fields.description, undefined);
  const order = Object.fromEntries(out.interactions.find(([id]) => id === "types-check.call-steps")[1]);
  assert.equal(order.learner_response, "c[,]a[,]b");
});
