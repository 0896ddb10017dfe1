/* Runs on every page: finds where progress is kept, records the visit, gives quizzes their
 * progress API, and offers "Exit course" when the course runs inside an LMS. */
(function (CB) {
  "use strict";
  var course = CB.course;

  /* The SCORM launcher (scorm_launch.html) holds the one LMS session and shows pages in an iframe:
   * a page reaches it as its parent. Cross-origin or sandboxed parents throw: then we are alone. */
  function findLauncher() {
    try {
      if (window.parent !== window && window.parent.CourseBuilderSCO) return window.parent.CourseBuilderSCO;
    } catch (e) { /* not ours to read */ }
    return null;
  }

  function localStore() {
    var key = "course-builder:" + course.id;
    var state = CB.state.decode(CB.storage.get(key));
    return {
      mode: "local",
      state: function () { return state; },
      save: function (next) { state = next; CB.storage.set(key, CB.state.encode(state)); }
    };
  }

  function lmsStore(sco) {
    return {
      mode: sco.connected() ? "lms" : "local",
      state: function () { return sco.getState(); },
      save: function (next, event) { sco.update(next, event); },
      exit: function () { sco.exit(); }
    };
  }

  var launcher = findLauncher();
  var store = launcher ? lmsStore(launcher) : localStore();

  function change(fn, event) {
    var state = store.state();
    var result = fn(state);
    if (event && result) event.result = result;
    store.save(state, event);
    return result;
  }

  CB.progress = {
    mode: store.mode,
    summary: function () { return CB.tracker.summarize(store.state()); },
    gain: function () { return CB.tracker.gain(store.state()); },
    quizView: function (quizId) { return CB.tracker.quizView(store.state(), quizId); },
    drawn: function (quizId) {
      return change(function (s) { return CB.tracker.drawn(s, quizId); }, { type: "answer", quizId: quizId });
    },
    answer: function (quizId, answers) {
      change(function (s) { CB.tracker.answer(s, quizId, answers); }, { type: "answer", quizId: quizId });
    },
    submit: function (quizId, answers, latencies) {
      return change(function (s) { return CB.tracker.submit(s, quizId, answers); },
        { type: "submit", quizId: quizId, latencies: latencies });
    },
    retry: function (quizId) {
      change(function (s) { CB.tracker.retry(s, quizId); }, { type: "answer", quizId: quizId });
    }
  };

  function pageId() {
    var meta = document.querySelector('meta[name="course-builder-page"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function addExitButton() {
    if (!store.exit || store.mode !== "lms") return;
    var header = document.querySelector(".md-header__inner") || document.body;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cb-exit md-button";
    button.textContent = "Exit course";
    button.addEventListener("click", function () { store.exit(); });
    header.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var id = pageId();
    change(function (s) { CB.tracker.visit(s, id); }, { type: "page" });
    addExitButton();
  });
})(window.CourseBuilder = window.CourseBuilder || {});
