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
      var result = change(function (s) { return CB.tracker.submit(s, quizId, answers); },
        { type: "submit", quizId: quizId, latencies: latencies });
      showProgress();
      return result;
    },
    /* What is left before the course is complete: lessons not yet visited, required quizzes not passed. */
    remaining: function () {
      var state = store.state();
      var summary = CB.tracker.summarize(state);
      return {
        lessons: course.lessons.filter(function (l) { return state.visited.indexOf(l.key) < 0; }),
        quizzes: summary.quizzesRequired - summary.quizzesPassed
      };
    },
    retry: function (quizId) {
      change(function (s) { CB.tracker.retry(s, quizId); }, { type: "answer", quizId: quizId });
    }
  };

  function pageId() {
    var meta = document.querySelector('meta[name="course-builder-page"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  /* "Progress: 1 of 2 lessons, 0 of 1 quiz passed" and a bar, at the top of the content; shown again
   * on every page load and after each submitted quiz or simulation. */
  function progressText(summary) {
    var text = "Progress: " + summary.lessonsVisited + " of " + plural(summary.lessonsTotal, "lesson", "lessons");
    if (summary.quizzesRequired) {
      text += ", " + summary.quizzesPassed + " of " + plural(summary.quizzesRequired, "quiz", "quizzes") + " passed";
    }
    return text + (summary.complete ? ". Course complete." : "");
  }

  function showProgress() {
    var summary = CB.progress.summary();
    var box = document.querySelector(".cb-progress");
    if (!box) {
      var content = document.querySelector(".md-content__inner");
      if (!content) return;
      box = document.createElement("div");
      box.className = "cb-progress";
      box.innerHTML = '<p class="cb-progress__text" id="cb-progress-text"></p>' +
        '<progress class="cb-progress__bar" aria-labelledby="cb-progress-text"></progress>';
      content.insertBefore(box, content.firstChild);
    }
    box.querySelector(".cb-progress__text").textContent = progressText(summary);
    var bar = box.querySelector("progress");
    bar.max = Math.max(1, summary.lessonsTotal + summary.quizzesRequired);
    bar.value = summary.lessonsVisited + summary.quizzesPassed;
    box.classList.toggle("cb-progress--complete", summary.complete);
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
    showProgress();
    addExitButton();
  });
})(window.CourseBuilder = window.CourseBuilder || {});
