/* The words quiz.js shows after a check, worked out without a page: the change per objective in the
 * final assessment's before/now table, the mark on each choice, and the line under Check when some
 * questions are not answered yet. */
import test from "node:test";
import assert from "node:assert/strict";
import { changeInPoints, choiceMark, missingMessage } from "../../course_builder/runtime/js/quiz.js";

test("the change is written in percentage points, with a real minus sign, or as no change", () => {
  assert.equal(changeInPoints(40, 65), "+25 percentage points");
  assert.equal(changeInPoints(60, 50), "\u221210 percentage points");
  assert.equal(changeInPoints(80, 80), "no change");
  assert.equal(changeInPoints(50, 51), "+1 percentage point");
  assert.equal(changeInPoints(51, 50), "\u22121 percentage point");
  assert.equal(changeInPoints(0, 100), "+100 percentage points");
  assert.ok(!changeInPoints(60, 50).includes("-"), "a hyphen is not a minus sign");
});

test("the change is that of the rounded figures shown beside it", () => {
  // Shown as 33% and 67%: the change reads 34, not round(33.4) = 33.
  assert.equal(changeInPoints(100 / 3, 200 / 3), "+34 percentage points");
  // 66.6 and 67.4 both show as 67%: no change, not "+1".
  assert.equal(changeInPoints(66.6, 67.4), "no change");
});

test("a choice says whether it was the learner's and whether it was right, in words", () => {
  assert.deepEqual(choiceMark(true, true), { kind: "right", icon: "\u2714", words: "Your answer: right" });
  assert.deepEqual(choiceMark(true, false), { kind: "wrong", icon: "\u2716", words: "Your answer: not right" });
  assert.deepEqual(choiceMark(false, true), { kind: "missed", icon: "\u2714", words: "Right answer" });
  assert.equal(choiceMark(false, false), null);
});

test("the questions not answered yet are named together, other problems one by one", () => {
  assert.equal(missingMessage([{ number: 3, reason: "not-answered" }]),
    "Answer every question before checking. Not answered yet: question 3. It is marked above.");
  assert.equal(missingMessage([
    { number: 2, reason: "not-a-number" },
    { number: 3, reason: "not-answered" },
    { number: 4, reason: "no-match" },
    { number: 7, reason: "not-answered" },
    { number: 9, reason: "not-answered" }
  ]), "Answer every question before checking. Not answered yet: questions 3, 7 and 9. " +
    "Question 2: the answer is not a number. Question 4: not every item has a match. Each one is marked above.");
  assert.equal(missingMessage([{ number: 1, reason: "no-match" }]),
    "Answer every question before checking. Question 1: not every item has a match. It is marked above.");
});

test("in French the quiz's words come from the course's table and numbers are French", async () => {
  const { useMessages } = await import("../../course_builder/runtime/js/messages.js");
  useMessages({ language: "fr", direction: "ltr", currency: "EUR", table: {
    "quiz.mark-chosen-right": "Votre réponse : juste",
    "quiz.change-up": { one: "+{count} point de pourcentage", many: "+{count} de points", other: "+{count} points de pourcentage" },
    "quiz.answer-every-question": "Répondez à toutes les questions avant de vérifier.",
    "quiz.not-answered-list": { one: "Sans réponse : question {numbers}.", other: "Sans réponse : questions {numbers}." },
    "quiz.list-last": "{list} et {last}",
    "quiz.marked-above": { one: "Elle est signalée plus haut.", other: "Chacune est signalée plus haut." }
  } });
  try {
    assert.equal(choiceMark(true, true).words, "Votre réponse : juste");
    // French "one" covers 0 and 1; 1 point is singular, 25 plural.
    assert.equal(changeInPoints(50, 51), "+1 point de pourcentage");
    assert.equal(changeInPoints(40, 65), "+25 points de pourcentage");
    assert.equal(missingMessage([{ number: 3, reason: "not-answered" }, { number: 7, reason: "not-answered" }]),
      "Répondez à toutes les questions avant de vérifier. Sans réponse : questions 3 et 7. Chacune est signalée plus haut.");
    // Untranslated keys fall back to the English.
    assert.equal(choiceMark(false, true).words, "Right answer");
  } finally {
    useMessages(null);
  }
});
