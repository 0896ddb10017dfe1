/* tracker.js grades against checks of the right answers (answer_key.py), never the answers: it must
 * give every answer the grade the plain answer key gives it (fixture_data.py's reference grader), for
 * the test courses, the bundled course and numeric ranges chosen to be awkward. */
import test from "node:test";
import assert from "node:assert/strict";
import { answerKey, names } from "../../course_builder/runtime/js/grading.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { fixtureData, launchData, plain } from "./helpers.mjs";

function courseWith(quizzes) {
  return { id: "c", lessons: [], quizzes: quizzes, objectives: [], passingScore: 80, stepVisitLimit: 3,
    completion: { visitAllLessons: false, passRequiredQuizzes: false } };
}

function sameGrade(tracker, cases) {
  let wrong = [];
  for (const c of cases) {
    const got = tracker.credit(c.quiz || "synthetic", c.question, c.answer);
    if (Math.abs(got - c.credit) > 1e-9) wrong.push(`${c.quiz || "synthetic"}.${c.question} ${JSON.stringify(c.answer)}: ${got}, not ${c.credit}`);
  }
  assert.deepEqual(wrong.slice(0, 20), []);
}

for (const name of ["types", "assessment", "bundled"]) {
  test(`the ${name} course: every answer tried gets the grade of the plain key`, () => {
    const { data, cases } = fixtureData().courses[name];
    const tracker = createTracker(data);
    assert.ok(cases.length > 50);
    for (const type of new Set(cases.map((c) => c.type))) {
      assert.ok(cases.some((c) => c.type === type && c.credit === 1), `a right ${type} answer is tried`);
      assert.ok(cases.some((c) => c.type === type && c.credit === 0), `a wrong ${type} answer is tried`);
    }
    sameGrade(tracker, cases);
  });
}

test("awkward numeric ranges, unusual spaces in fill-in, a long ordering: the grade of the plain key", () => {
  const { quiz, cases } = fixtureData().synthetic;
  const tracker = createTracker(courseWith([quiz]));
  assert.ok(cases.filter((c) => c.credit === 1).length > 30 && cases.filter((c) => c.credit === 0).length > 30);
  sameGrade(tracker, cases);
  // The way a learner types it does not matter: "$", "%", spaces, thousands separators, zeros.
  for (const typed of ["1,050,000", "1050000.000", " 1 050 000", "$1,050,000"]) {
    assert.equal(tracker.credit("synthetic", "r3", typed), 1, typed);
  }
  assert.equal(tracker.credit("synthetic", "r3", "1,0500,00"), 0);
  for (const typed of ["-0", "0.0", ".0", "-.0"]) assert.equal(tracker.credit("synthetic", "r4", typed), 1, typed);
  assert.equal(tracker.credit("synthetic", "r0", "-5.0000001"), 0);
  assert.equal(tracker.credit("synthetic", "r0", "-4.9999999"), 1);
});

test("a wide range needs at most a few hundred checks", () => {
  const { quiz } = fixtureData().synthetic;
  for (const q of quiz.questions.filter((q) => q.type === "numeric")) assert.ok(q.answers.length < 400, q.id);
  const dso = fixtureData().courses.types.data.quizzes.filter((q) => q.id === "types-check")[0].questions[1];
  assert.equal(dso.answers.length, 3);   // 40.2 to 40.4: two blocks of 0.1 and 40.4 itself
});

test("the answer key opens for the LMS's correct responses, and a simulation step keeps its own", () => {
  const data = fixtureData().courses.types.data;
  const tracker = createTracker(data);
  const quiz = tracker.quiz("types-check");
  const key = (id) => plain(answerKey(quiz, quiz.questions.filter((q) => q.id === id)[0]));
  assert.deepEqual(key("dso-name"), { accept: ["DSO", "days sales outstanding"] });
  assert.deepEqual(key("dso-value"), { low: 40.2, high: 40.4 });
  assert.deepEqual(key("excuses"), { correct: "abc" });
  assert.deepEqual(key("call-steps"), { correct: "abc" });
  const bundled = createTracker(fixtureData().courses.bundled.data);
  const sim = fixtureData().courses.bundled.data.quizzes.filter((q) => q.kind === "simulation")[0];
  const { steps } = fixtureData().simulations.bundled[sim.id];
  for (const step of bundled.quiz(sim.id).questions) {
    assert.deepEqual(plain(answerKey(bundled.quiz(sim.id), step)), steps[step.id], step.id);
  }
});

test("matching targets and ordering entries keyed by token name the same choices and items by letter", () => {
  for (const name of ["types", "bundled"]) {
    const data = launchData(name);
    const tracker = createTracker(data);
    const expected = fixtureData().names[name];
    let seen = 0;
    for (const quiz of data.quizzes) {
      for (const q of quiz.questions) {
        if (q.type !== "matching" && q.type !== "ordering") continue;
        const byLetter = plain(names(tracker.quiz(quiz.id), q));
        assert.deepEqual(byLetter, expected[quiz.id + "." + q.id], quiz.id + "." + q.id);
        seen += 1;
      }
    }
    assert.ok(seen >= 2, name);
  }
});

test("a simulation run is graded with the sealed points: the best run earns every point", () => {
  const { data } = fixtureData().courses.bundled;
  const tracker = createTracker(data);
  for (const [id, sim] of Object.entries(fixtureData().simulations.bundled)) {
    const quiz = tracker.quiz(id), answers = {};
    const keyOf = {};
    quiz.questions.forEach((q) => { keyOf[q.id] = q.key; });
    for (const [stepId, letter] of sim.bestRun) answers[keyOf[stepId]] = (answers[keyOf[stepId]] || "") + letter;
    const result = tracker.grade(quiz, answers);
    assert.equal(result.points, sim.bestPoints, id);
    assert.equal(result.score, 100, id);
  }
});

test("grading a whole quiz: points, partial credit and the pass mark", () => {
  const data = fixtureData().courses.types.data;
  const tracker = createTracker(data);
  const quiz = tracker.quiz("types-check");
  const keys = {};
  quiz.questions.forEach((q) => { keys[q.id] = q.key; });
  const answers = {};
  answers[keys["dso-name"]] = "DSOs"; answers[keys["dso-value"]] = "41"; answers[keys["cei-band"]] = "80";
  answers[keys.excuses] = "abd"; answers[keys["call-steps"]] = "bac";
  const result = tracker.grade(quiz, answers);
  assert.equal(result.points, 5);
  assert.equal(result.max, 9);
  assert.equal(result.passed, false);
});
