/* Counts agree with their number in every module that says one (wording.js). */
import test from "node:test";
import assert from "node:assert/strict";
import { plural } from "../../course_builder/runtime/js/wording.js";
import { progressText } from "../../course_builder/runtime/js/page.js";

test("one is singular, any other count plural", () => {
  assert.equal(plural(1, "quiz", "quizzes"), "1 quiz");
  assert.equal(plural(0, "quiz", "quizzes"), "0 quizzes");
  assert.equal(plural(2, "lesson", "lessons"), "2 lessons");
});

test("the progress line of a one-lesson, one-quiz course reads right", () => {
  const text = progressText({ lessonsVisited: 1, lessonsTotal: 1, quizzesPassed: 0, quizzesRequired: 1 });
  assert.match(text, /1 of 1 lesson\b/);
  assert.match(text, /0 of 1 quiz passed/);
});
