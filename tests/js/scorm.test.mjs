/* The SCORM side without a browser: how each edition writes a course's status, an answered question
 * and a time span (scorm-editions.js), what a change means for the LMS (reporting.js), and the API
 * wrapper (sco.js) against a strict stand-in for an LMS API that can refuse values and Commits.
 * The browser tests (test_lms_*.py) run the same code against scorm-again and Moodle. */
import test from "node:test";
import assert from "node:assert/strict";
import { EDITIONS } from "../../course_builder/runtime/js/scorm-editions.js";
import { report } from "../../course_builder/runtime/js/reporting.js";
import { SCO } from "../../course_builder/runtime/js/sco.js";
import * as state from "../../course_builder/runtime/js/state.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { fixtureData, launchData, plain } from "./helpers.mjs";

const STATUS_CASES = [
  // reporting, complete, passed -> 1.2 lesson_status, 2004 success_status
  ["passed-failed", true, true, "passed", "passed"],
  ["passed-failed", false, false, "failed", "failed"],
  ["passed-failed", false, null, "incomplete", "unknown"],
  ["passed-incomplete", true, true, "passed", "passed"],
  ["passed-incomplete", true, false, "incomplete", "unknown"],
  ["completed-incomplete", true, false, "completed", "unknown"],
  ["completed-incomplete", false, true, "incomplete", "passed"],
  ["completed-failed", true, true, "completed", "passed"],
  ["completed-failed", true, false, "failed", "failed"],
  ["completed-failed", false, null, "incomplete", "unknown"],
];

test("each reporting mode gives each edition's status", () => {
  for (const [reporting, complete, passed, status12, success2004] of STATUS_CASES) {
    const summary = { complete, passed, score: passed === null ? null : 90, lessonsVisited: 1, lessonsTotal: 2,
      quizzesPassed: 0, quizzesRequired: 1 };
    const v12 = Object.fromEntries(EDITIONS.scorm12.status(summary, reporting, "credit"));
    const v04 = Object.fromEntries(EDITIONS.scorm2004.status(summary, reporting, "credit"));
    const got = [v12["cmi.core.lesson_status"], v04["cmi.success_status"], v04["cmi.completion_status"]];
    assert.deepEqual(got, [status12, success2004, complete ? "completed" : "incomplete"], reporting);
    assert.equal(v04["cmi.progress_measure"], "0.33");   // 1 lesson of 2 and 0 quizzes of 1: 1 of 3
  }
});

test("no-credit reports completion only, no score and no pass/fail", () => {
  const summary = { complete: true, passed: true, score: 90, lessonsVisited: 2, lessonsTotal: 2, quizzesPassed: 1, quizzesRequired: 1 };
  assert.deepEqual(EDITIONS.scorm12.status(summary, "passed-failed", "no-credit"), [["cmi.core.lesson_status", "completed"]]);
  const v04 = Object.fromEntries(EDITIONS.scorm2004.status(summary, "passed-failed", "no-credit"));
  assert.deepEqual(Object.keys(v04).sort(), ["cmi.completion_status", "cmi.progress_measure"]);
});

test("time spans: CMITimespan in 1.2, ISO 8601 in 2004", () => {
  assert.equal(EDITIONS.scorm12.duration(61500), "0000:01:01.50");
  assert.equal(EDITIONS.scorm12.duration(3 * 3600e3 + 5), "0003:00:00.01");
  assert.equal(EDITIONS.scorm2004.duration(61500), "PT1M1.5S");
  assert.equal(EDITIONS.scorm2004.duration(3 * 3600e3), "PT3H0S");
  assert.equal(EDITIONS.scorm2004.duration(-5), "PT0S");
});

/* The types course's quiz (tests/fixtures/types_course) answered: "dso", 40.3, 95 (out of 80-90), a
 * matching with its last pair wrong, the steps in order. */
function typesAnswered() {
  const tracker = createTracker(launchData("types"));
  const quiz = tracker.quiz("types-check");
  const key = {};
  quiz.questions.forEach((q) => { key[q.id] = q.key; });
  const answers = { [key["dso-name"]]: "dso", [key["dso-value"]]: "40.3", [key["cei-band"]]: "95",
    [key.excuses]: "abd", [key["call-steps"]]: "abc" };
  return { tracker, quiz, result: tracker.grade(quiz, answers) };
}

test("an answered question: letters in 1.2, the quiz's own words in 2004, partial credit as a share", () => {
  const { quiz, result } = typesAnswered();
  const when = new Date(2026, 11, 2, 9, 5, 7);
  const row = (id) => result.questions.find((r) => r.question.id === id);
  const as12 = (id) => Object.fromEntries(EDITIONS.scorm12.interaction(quiz, row(id), 61500, when));
  const as04 = (id) => Object.fromEntries(EDITIONS.scorm2004.interaction(quiz, row(id), 61500, when));

  assert.deepEqual(as12("excuses"), {
    "objectives.0.id": "call", time: "09:05:07", type: "matching", "correct_responses.0.pattern": "a.a,b.b,c.c",
    weighting: "3", student_response: "a.a,b.b,c.d", result: "0.67", latency: "0000:01:01.50" });
  const excuses = as04("excuses");
  assert.equal(excuses["correct_responses.0.pattern"],
    "in_the_mail[.]check_details[,]no_invoice[.]resend_now[,]approver_away[.]who_else");
  assert.equal(excuses.learner_response,
    "in_the_mail[.]check_details[,]no_invoice[.]resend_now[,]approver_away[.]threaten_legal_action");
  assert.equal(excuses.timestamp, "2026-12-02T09:05:07");
  assert.equal(excuses.description, "Match each excuse with the best first response.");

  assert.equal(as04("call-steps").learner_response, "prepare[,]ask[,]document");
  assert.equal(as04("call-steps").type, "sequencing");
  assert.equal(as04("dso-value")["correct_responses.0.pattern"], "40.2[:]40.4");
  assert.equal(as12("dso-value")["correct_responses.0.pattern"], "40.3");
  assert.deepEqual([as12("cei-band").result, as04("cei-band").result], ["wrong", "incorrect"]);
  assert.equal(as04("dso-name")["correct_responses.0.pattern"], "{case_matters=false}DSO");
  assert.equal(as12("dso-name").student_response, "dso");
});

test("a submit reports the course, its objectives, each question and the state to resume", () => {
  const { tracker, quiz } = typesAnswered();
  const course = launchData("types");
  const s = state.empty();
  const answers = { "dso-name": "DSO", "dso-value": "40.3", "cei-band": "85", excuses: "abc", "call-steps": "abc" };
  const result = tracker.submit(s, quiz.id, answers);
  tracker.visit(s, course.lessons[0].id);
  const event = { type: "submit", quizId: quiz.id, latencies: { excuses: 2000 }, result };
  const out = report(EDITIONS.scorm2004, course, tracker, s, event, "credit", new Date(2026, 0, 1));
  assert.deepEqual(out.interactions.map((i) => i[0]), quiz.questions.map((q) => "types-check." + q.id));
  assert.equal(Object.fromEntries(out.interactions[3][1]).latency, "PT2S");
  assert.deepEqual(out.objectives.map((o) => o[0]), [course.primaryObjective, "measure", "call"]);
  const values = Object.fromEntries(out.values);
  assert.equal(values["cmi.exit"], "suspend");
  assert.equal(values["cmi.location"], course.lessons[0].key);
  assert.deepEqual(plain(state.decode(values["cmi.suspend_data"])), plain(s));
  // A page view reports no interaction; with no-credit, no objective either.
  const quiet = report(EDITIONS.scorm12, course, tracker, s, { type: "page" }, "no-credit", new Date());
  assert.deepEqual([quiet.interactions, quiet.objectives], [[], []]);
});

test("a quiz graded on a site page, whose data has no report words, is reported in the launch page's words", () => {
  const page = createTracker(fixtureData().courses.types.data);  // the course's page, in the launcher's frame
  const course = launchData("types");
  const launcher = createTracker(course);
  const s = state.empty();
  const answers = { "dso-name": "DSO", "dso-value": "40.3", "cei-band": "85", excuses: "abc", "call-steps": "abc" };
  const result = page.submit(s, "types-check", answers);
  assert.equal(result.questions[0].question.description, undefined);
  const event = { type: "submit", quizId: "types-check", result };
  const out = report(EDITIONS.scorm2004, course, launcher, s, event, "credit", new Date(2026, 0, 1));
  const byId = Object.fromEntries(out.interactions.map(([id, fields]) => [id, Object.fromEntries(fields)]));
  assert.equal(byId["types-check.dso-name"].description, course.quizzes.find((q) => q.id === "types-check").questions[0].description);
  assert.ok(byId["types-check.excuses"].learner_response.length > 5, byId["types-check.excuses"].learner_response);
  assert.ok(!/undefined/.test(JSON.stringify(out.interactions)), JSON.stringify(out.interactions));
});

/* A strict LMS API in memory: every call is logged; `refuse` maps an element to an error code its
 * SetValue fails with; `commitFails` fails that many Commits. */
function fakeLms(edition, { refuse = {}, commitFails = 0, initCode = 0, stored = {} } = {}) {
  const names = EDITIONS[edition].call;
  const lms = { calls: [], values: { ...stored }, committed: {}, lastError: "0", refuse, commitFails };
  const api = {
    [names.init]: () => { lms.calls.push("init"); lms.lastError = String(initCode); return initCode ? "false" : "true"; },
    [names.get]: (el) => { lms.lastError = "0"; return lms.values[el] ?? ""; },
    [names.set]: (el, value) => {
      lms.calls.push("set " + el);
      if (refuse[el]) { lms.lastError = String(refuse[el]); return "false"; }
      lms.values[el] = String(value);
      lms.lastError = "0";
      return "true";
    },
    [names.commit]: () => {
      lms.calls.push("commit");
      if (lms.commitFails > 0) { lms.commitFails -= 1; lms.lastError = "391"; return "false"; }
      lms.committed = { ...lms.values };
      return "true";
    },
    [names.term]: () => { lms.calls.push("term"); return "true"; },
    [names.error]: () => lms.lastError,
  };
  const win = { [EDITIONS[edition].apiName]: api };
  win.parent = win;
  return { lms, win };
}

function connected(edition, options) {
  const course = launchData("types");
  const tracker = createTracker(course);
  const { lms, win } = fakeLms(edition, options);
  const sco = new SCO(edition, course, tracker, win);
  let outcome = null;
  sco.start((o) => { outcome = o; });
  return { sco, lms, course, tracker, outcome: () => outcome };
}

function stop(sco) {
  clearTimeout(sco.timer);
  sco.timer = null;
}

test("the SCO connects, and a page view reaches the LMS with a Commit", () => {
  for (const edition of ["scorm12", "scorm2004"]) {
    const { sco, lms, course, tracker, outcome } = connected(edition);
    assert.equal(outcome(), "connected");
    const s = sco.getState();
    tracker.visit(s, course.lessons[0].id);
    sco.update(s, { type: "page" });
    assert.equal(sco.flush(), true);
    stop(sco);
    const el = EDITIONS[edition].el;
    assert.deepEqual(plain(state.decode(lms.committed[el.suspendData])), plain(s));
    assert.equal(lms.committed[el.location], course.lessons[0].key);
    assert.equal(lms.committed[el.exit], "suspend");
  }
});

test("a refused Commit loses nothing: everything is sent again, and the learner is warned after three", () => {
  const { sco, lms, course, tracker } = connected("scorm2004", { commitFails: 3 });
  let warned = null;
  sco.onWarning = (on) => { warned = on; };
  const s = sco.getState();
  tracker.visit(s, course.lessons[0].id);
  sco.update(s, { type: "page" });
  for (let i = 0; i < 3; i++) assert.equal(sco.flush(), false);
  assert.equal(warned, true);
  assert.deepEqual(lms.committed, {});
  assert.equal(sco.flush(), true);
  stop(sco);
  assert.equal(warned, false);
  assert.equal(lms.committed["cmi.location"], course.lessons[0].key);
  assert.equal(lms.calls.filter((c) => c === "set cmi.suspend_data").length, 4);   // sent with each Commit tried
});

test("a value the LMS refuses for good (4xx) does not hold back the others", () => {
  const { sco, lms, course, tracker } = connected("scorm12", { refuse: { "cmi.core.lesson_location": 405 } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    const s = sco.getState();
    tracker.visit(s, course.lessons[0].id);
    sco.update(s, { type: "page" });
    assert.equal(sco.flush(), true);
  } finally {
    console.warn = warn;
    stop(sco);
  }
  assert.ok(lms.committed["cmi.suspend_data"]);
  assert.equal(lms.committed["cmi.core.lesson_location"], undefined);
});

test("an objective the LMS already holds keeps its slot; a new one takes the next", () => {
  const stored = { "cmi.objectives._count": "1", "cmi.objectives.0.id": "call" };
  const { sco, lms, tracker } = connected("scorm2004", { stored });
  const s = sco.getState();
  const answers = { "dso-name": "DSO", "dso-value": "40.3", "cei-band": "85", excuses: "abc", "call-steps": "abc" };
  const result = tracker.submit(s, "types-check", answers);
  sco.update(s, { type: "submit", quizId: "types-check", latencies: {}, result });
  assert.equal(sco.flush(), true);
  stop(sco);
  assert.equal(lms.committed["cmi.objectives.0.id"], "call");
  assert.equal(lms.committed["cmi.objectives.0.success_status"], "passed");
  assert.deepEqual([lms.committed["cmi.objectives.1.id"], lms.committed["cmi.objectives.2.id"]], ["types-course", "measure"]);
  assert.equal(lms.committed["cmi.interactions.4.id"], "types-check.call-steps");
});

test("review mode changes nothing stored; exit ends the session once", () => {
  const { sco, lms, course, tracker } = connected("scorm2004", { stored: { "cmi.mode": "review" } });
  const s = sco.getState();
  tracker.visit(s, course.lessons[0].id);
  sco.update(s, { type: "page" });
  sco.exit();
  sco.exit();
  assert.deepEqual(lms.calls.filter((c) => c.startsWith("set ")), ["set cmi.session_time"]);
  assert.deepEqual(lms.calls.filter((c) => c === "term"), ["term"]);
  assert.equal(sco.connected(), false);
});

test("a 2004 session the LMS has already ended (a reloaded launcher) says so and sends nothing", () => {
  const { sco, lms, outcome } = connected("scorm2004", { initCode: 104 });
  assert.equal(outcome(), "ended");
  assert.equal(sco.connected(), false);
  assert.deepEqual(lms.calls, ["init"]);
});
