/* The course home and the navigation's marks, without a page: what the Start button says and where it
 * leads, what a module's card and a lesson's mark say for a given learner state (home.js, nav.js,
 * standing.js), on the bundled course's data. */
import test from "node:test";
import assert from "node:assert/strict";
import { moduleProgressText, moduleQuizText, startButton } from "../../course_builder/runtime/js/home.js";
import { lessonMarkText, moduleMark, siteRoot } from "../../course_builder/runtime/js/nav.js";
import { moduleStandings } from "../../course_builder/runtime/js/standing.js";
import { empty } from "../../course_builder/runtime/js/state.js";
import { createTracker } from "../../course_builder/runtime/js/tracker.js";
import { fixtureData } from "./helpers.mjs";

const course = fixtureData().courses.bundled.data;
const tracker = createTracker(course);
const lesson = (id) => course.lessons.find((l) => l.id === id);

/* The tracker, with the given quizzes passed (or a pre-assessment taken): grading itself is tested elsewhere. */
function trackerWith(done) {
  return {
    quiz: tracker.quiz,
    quizView: (state, id) => (done.includes(id) ? { attempts: 1, best: { passed: true } } : null)
  };
}

function visited(...ids) {
  const state = empty();
  ids.forEach((id) => tracker.visit(state, id));
  return state;
}

test("a fresh learner is offered Start, to the first lesson", () => {
  const state = empty();
  assert.equal(tracker.resumeLesson(state), null);
  assert.deepEqual(startButton(course, null), { text: "Start the course", url: "assessment/pre-assessment.html" });
});

test("once begun, the button continues at the lesson the learner was last on, by its title", () => {
  const state = visited("introduction/what-collections-involve", "introduction/order-to-cash");
  const resume = tracker.resumeLesson(state);
  assert.deepEqual(startButton(course, resume), {
    text: "Continue where you left off: " + lesson("introduction/order-to-cash").title,
    url: "introduction/order-to-cash.html"
  });
  // A welcome or reference page leaves the position at the last lesson.
  tracker.visit(state, "index");
  tracker.visit(state, "job-aids/glossary");
  assert.equal(tracker.resumeLesson(state).id, "introduction/order-to-cash");
});

test("module cards count the lessons visited and say whether the module's quiz is passed", () => {
  const state = visited("introduction/what-collections-involve", "introduction/teamwork", "calls/attitude");
  const modules = moduleStandings(course, tracker, state);
  assert.deepEqual(modules.map((m) => m.id), course.modules.map((m) => m.id));
  const intro = modules.find((m) => m.id === "introduction");
  assert.deepEqual([intro.visited, intro.total, intro.quizzes, intro.quizzesDone, intro.complete], [2, 5, 1, 0, false]);
  assert.equal(moduleProgressText(intro), "2 of 5 lessons visited");
  assert.equal(moduleQuizText(intro), "Quiz not passed yet");
  const before = modules.find((m) => m.id === "before-you-start");
  assert.equal(moduleProgressText(before), "0 of 1 lesson visited");
  assert.equal(moduleQuizText(before), "Skills check not taken yet");
  // Practice (the prioritization exercise) and simulations that need not be passed do not count.
  const time = modules.find((m) => m.id === "time");
  assert.equal(time.quizzes, 1);
  assert.equal(modules.find((m) => m.id === "calls").quizzes, 1);
});

test("a module is done when every lesson is visited and its quiz passed", () => {
  const ids = course.modules.find((m) => m.id === "introduction").lessons;
  const state = visited(...ids);
  const notYet = moduleStandings(course, tracker, state).find((m) => m.id === "introduction");
  assert.equal(moduleProgressText(notYet), "All 5 lessons visited");
  assert.equal(notYet.complete, false);
  assert.deepEqual(moduleMark(notYet), { shown: "5/5", read: "5 of 5 lessons visited" });
  const done = moduleStandings(course, trackerWith(["intro-check", "pre-assessment"]), state);
  const intro = done.find((m) => m.id === "introduction");
  assert.equal(intro.complete, true);
  assert.equal(moduleQuizText(intro), "Quiz passed");
  assert.deepEqual(moduleMark(intro), { shown: "", read: "all done" });
  assert.equal(moduleQuizText(done.find((m) => m.id === "before-you-start")), "Skills check taken");
});

test("a lesson's mark says visited and quiz passed in words", () => {
  const state = visited("introduction/teamwork", "introduction/order-to-cash");
  const standings = moduleStandings(course, trackerWith(["intro-check"]), state);
  const lessons = standings.find((m) => m.id === "introduction").lessons;
  const text = (id) => lessonMarkText(lessons.find((l) => l.id === id));
  assert.equal(text("introduction/teamwork"), "visited, quiz passed");
  assert.equal(text("introduction/order-to-cash"), "visited");
  assert.equal(text("introduction/b2b-collections"), "");
  assert.deepEqual(moduleMark(standings.find((m) => m.id === "correspondence")),
    { shown: "0/4", read: "0 of 4 lessons visited" });
});

test("the site's root is found from where course-data.js is, served, offline or in an LMS", () => {
  assert.equal(siteRoot("http://127.0.0.1:8000/assets/course-builder/course-data.js"), "http://127.0.0.1:8000/");
  assert.equal(siteRoot("file:///home/me/site/assets/course-builder/course-data.js"), "file:///home/me/site/");
  assert.equal(siteRoot("https://lms.example/content/42/assets/course-builder/course-data.js?v=1"), "https://lms.example/content/42/");
  assert.equal(siteRoot("https://example/other.js"), "");
});
