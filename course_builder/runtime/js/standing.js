/* Where the learner stands, lesson by lesson and module by module: what the home page's cards and the
 * navigation's marks show. Plain data in (the course data, the tracker, a stored state), plain data out. */

/* The activities a lesson's mark and a module's card speak of: the quizzes and simulations a learner must
 * pass, and a pre-assessment (a starting point: it is taken, not passed). Practice is left out. */
function counted(quiz) {
  return quiz.required || quiz.kind === "pre-assessment";
}

function quizDone(tracker, state, quiz) {
  var view = tracker.quizView(state, quiz.id);
  if (!view) return false;
  return quiz.kind === "pre-assessment" ? view.attempts > 0 : !!(view.best && view.best.passed);
}

export function lessonStanding(tracker, state, lesson) {
  var quizzes = (lesson.quizzes || []).map(function (id) { return tracker.quiz(id); })
    .filter(function (quiz) { return quiz && counted(quiz); });
  return {
    id: lesson.id, title: lesson.title, url: lesson.url,
    visited: state.visited.indexOf(lesson.key) >= 0,
    quizzes: quizzes.length,
    quizzesDone: quizzes.filter(function (quiz) { return quizDone(tracker, state, quiz); }).length,
    preAssessment: quizzes.length > 0 && quizzes.every(function (quiz) { return quiz.kind === "pre-assessment"; })
  };
}

/* Each module with its lessons' standing, and its totals: done when every lesson is visited and every
 * counted activity done. */
export function moduleStandings(course, tracker, state) {
  var byId = {};
  course.lessons.forEach(function (lesson) { byId[lesson.id] = lesson; });
  return (course.modules || []).map(function (module) {
    var lessons = module.lessons.map(function (id) { return lessonStanding(tracker, state, byId[id]); });
    var sum = function (field) { return lessons.reduce(function (n, l) { return n + (l[field] === true ? 1 : l[field] || 0); }, 0); };
    var visited = sum("visited"), quizzes = sum("quizzes"), quizzesDone = sum("quizzesDone");
    return {
      id: module.id, title: module.title, lessons: lessons,
      visited: visited, total: lessons.length, quizzes: quizzes, quizzesDone: quizzesDone,
      preAssessment: quizzes > 0 && lessons.every(function (l) { return !l.quizzes || l.preAssessment; }),
      complete: lessons.length > 0 && visited === lessons.length && quizzesDone === quizzes
    };
  });
}
