/* Where the learner's progress is kept, and the one way pages change it: the LMS through the SCORM
 * launcher around this page, or this browser's storage when the site is opened on its own. */
import * as storage from "./storage.js";
import { decode, encode } from "./state.js";

/* The SCORM launcher (scorm_launch.html) holds the one LMS session and shows pages in an iframe:
 * a page reaches it as its parent. Cross-origin or sandboxed parents throw: then we are alone. */
export function findLauncher(win) {
  try {
    if (win.parent !== win && win.parent.CourseBuilderSCO) return win.parent.CourseBuilderSCO;
  } catch (e) { /* not ours to read */ }
  return null;
}

export function localStore(course) {
  var key = "course-builder:" + course.id;
  var state = decode(storage.get(key));
  return {
    mode: "local",
    state: function () { return state; },
    save: function (next) { state = next; storage.set(key, encode(state)); }
  };
}

export function lmsStore(sco) {
  return {
    mode: sco.connected() ? "lms" : "local",
    state: function () { return sco.getState(); },
    save: function (next, event) { sco.update(next, event); },
    exit: function () { sco.exit(); }
  };
}

/* What quizzes, simulations and pages call: each change is applied by the tracker to the stored
 * state and saved with the event that caused it (what the LMS is told depends on it).
 * `onSubmit` runs after each submitted quiz or simulation. */
export function createProgress(course, tracker, store, onSubmit) {
  function change(fn, event) {
    var state = store.state();
    var result = fn(state);
    if (event && result) event.result = result;
    store.save(state, event);
    return result;
  }

  return {
    mode: store.mode,
    exit: store.exit,
    visit: function (pageId) {
      change(function (s) { tracker.visit(s, pageId); }, { type: "page" });
    },
    summary: function () { return tracker.summarize(store.state()); },
    gain: function () { return tracker.gain(store.state()); },
    quizView: function (quizId) { return tracker.quizView(store.state(), quizId); },
    drawn: function (quizId) {
      return change(function (s) { return tracker.drawn(s, quizId); }, { type: "answer", quizId: quizId });
    },
    answer: function (quizId, answers) {
      change(function (s) { tracker.answer(s, quizId, answers); }, { type: "answer", quizId: quizId });
    },
    submit: function (quizId, answers, latencies) {
      var result = change(function (s) { return tracker.submit(s, quizId, answers); },
        { type: "submit", quizId: quizId, latencies: latencies });
      if (onSubmit) onSubmit();
      return result;
    },
    /* What is left before the course is complete: lessons not yet visited, required quizzes not passed. */
    remaining: function () {
      var state = store.state();
      var summary = tracker.summarize(state);
      return {
        lessons: course.lessons.filter(function (l) { return state.visited.indexOf(l.key) < 0; }),
        quizzes: summary.quizzesRequired - summary.quizzesPassed
      };
    },
    retry: function (quizId) {
      change(function (s) { tracker.retry(s, quizId); }, { type: "answer", quizId: quizId });
    }
  };
}
