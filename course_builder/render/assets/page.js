/* Runs on every page: finds where progress is kept, records the visit, and offers "Exit course"
 * when the course runs inside an LMS. */
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
    var state = CB.tracker.normalise(CB.storage.get(key));
    return {
      mode: "local",
      state: function () { return state; },
      save: function (next) { state = next; CB.storage.set(key, state); }
    };
  }

  function lmsStore(sco) {
    return {
      mode: sco.connected() ? "lms" : "local",
      state: function () { return CB.tracker.normalise(sco.getState()); },
      save: function (next, reason) { sco.update(next, reason); },
      exit: function () { sco.exit(); }
    };
  }

  var launcher = findLauncher();
  var store = launcher ? lmsStore(launcher) : localStore();

  CB.progress = {
    mode: store.mode,
    state: function () { return store.state(); },
    summary: function () { return CB.tracker.summarize(course, store.state()); },
    recordQuiz: function (quizId, result) {
      store.save(CB.tracker.recordQuiz(store.state(), quizId, result), "quiz");
    }
  };

  function pageId() {
    var meta = document.querySelector('meta[name="course-builder-page"]');
    return meta ? meta.getAttribute("content") : null;
  }

  /* Location relative to the site root, so a relaunch can reopen it under any LMS path. */
  function locationInSite(id) {
    var lesson = course.lessons.filter(function (l) { return l.id === id; })[0];
    return lesson ? lesson.url : (id === "index" ? "index.html" : "");
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
    var isLesson = course.lessons.some(function (l) { return l.id === id; });
    store.save(CB.tracker.recordVisit(store.state(), isLesson ? id : null, locationInSite(id)), "page");
    addExitButton();
    document.dispatchEvent(new CustomEvent("course-builder:ready"));
  });
})(window.CourseBuilder = window.CourseBuilder || {});
