/* The learner's progress: which lessons were visited, how each quiz went, and what that means for
 * completion, score and pass/fail under the course's rules. Plain data in, plain data out; where it
 * is stored is the store's business (the LMS through the SCORM launcher, or this browser). */
(function (CB) {
  "use strict";
  var STATE_VERSION = 1;

  function emptyState() {
    return { v: STATE_VERSION, visited: [], quizzes: {}, location: "" };
  }

  function normalise(state) {
    if (!state || state.v !== STATE_VERSION) return emptyState();
    state.visited = state.visited || [];
    state.quizzes = state.quizzes || {};
    state.location = state.location || "";
    return state;
  }

  /* Completion, score and success from a state, per the course rules. */
  function summarize(course, state) {
    var lessonIds = course.lessons.map(function (l) { return l.id; });
    var visited = lessonIds.filter(function (id) { return state.visited.indexOf(id) >= 0; });
    var scored = course.quizzes.filter(function (q) { return q.scored; });
    var required = course.quizzes.filter(function (q) { return q.required; });
    var points = 0, max = 0, attempted = 0;
    scored.forEach(function (q) {
      var result = state.quizzes[q.id];
      max += q.maxPoints;
      if (result) { points += result.points; attempted += 1; }
    });
    var requiredPassed = required.filter(function (q) {
      return state.quizzes[q.id] && state.quizzes[q.id].passed;
    }).length;
    var rules = course.completion;
    var complete = (!rules.visitAllLessons || visited.length === lessonIds.length) &&
      (!rules.passRequiredQuizzes || requiredPassed === required.length);
    // Score and success are known only once every scored quiz has been taken: a score sent earlier
    // would read as a fail (a SCORM 1.2 LMS with a mastery score turns it into "failed").
    var allTaken = scored.length > 0 && attempted === scored.length;
    var score = allTaken && max > 0 ? Math.round((points / max) * 10000) / 100 : null;
    return {
      lessonsVisited: visited.length,
      lessonsTotal: lessonIds.length,
      quizzesPassed: requiredPassed,
      quizzesRequired: required.length,
      complete: complete,
      score: score,
      passed: allTaken ? score >= course.passingScore : null
    };
  }

  function recordVisit(state, pageId, url) {
    if (pageId && state.visited.indexOf(pageId) < 0) state.visited.push(pageId);
    if (url) state.location = url;
    return state;
  }

  /* Keep the best attempt: a retake never takes away a pass. */
  function recordQuiz(state, quizId, result) {
    var previous = state.quizzes[quizId];
    if (!previous || result.points >= previous.points) state.quizzes[quizId] = result;
    return state;
  }

  CB.tracker = {
    emptyState: emptyState, normalise: normalise, summarize: summarize,
    recordVisit: recordVisit, recordQuiz: recordQuiz
  };
})(window.CourseBuilder = window.CourseBuilder || {});
