/* What the LMS is told after a change to the learner state, in one edition's terms: the course's
 * status and score, each objective, each answered question (at submit), where to resume and the
 * state itself. Plain data out; sco.js queues and sends it. */
import { encode } from "./state.js";

/* {objectives: [[id, fields]], interactions: [[id, fields]], values: [[element, value]]}, where fields
 * are [[name under the record, value]]. `credit`: the LMS's cmi.credit ("no-credit" reports no score). */
export function report(edition, course, tracker, state, event, credit, now) {
  var summary = tracker.summarize(state);
  var out = { objectives: [], interactions: [], values: [] };
  if (credit !== "no-credit") {
    var objectives = tracker.objectives(state).concat(tracker.preAssessmentObjectives(state));
    if (edition.primaryObjective) objectives.unshift(edition.primaryObjective(summary, course));
    objectives.forEach(function (objective) {
      if (objective.status !== "not attempted") out.objectives.push([objective.id, edition.objective(objective)]);
    });
  }
  if (event && event.type === "submit" && event.result) {
    var quiz = tracker.quiz(event.quizId), own = {};
    // The page graded it with its own data, which lacks the report words: each question as this page has it.
    quiz.questions.forEach(function (q) { own[q.id] = q; });
    event.result.questions.forEach(function (r) {
      var row = Object.assign({}, r, { question: own[r.question.id] || r.question });
      out.interactions.push([quiz.id + "." + r.question.id,
        edition.interaction(quiz, row, (event.latencies || {})[r.question.id] || 0, now)]);
    });
  }
  out.values = edition.status(summary, course.reporting, credit);
  // "suspend" from the first commit on, not only at exit: where the exit itself cannot be saved
  // (a tab closed in an LMS that cannot commit during page unload), the next launch still resumes.
  out.values.push([edition.el.exit, "suspend"]);
  // An empty location is a type mismatch in 2004; the welcome page just leaves the last lesson.
  if (state.location) out.values.push([edition.el.location, state.location]);
  out.values.push([edition.el.suspendData, encode(state)]);
  return out;
}

/* The course data with each question's report words (report-words.js: descriptions and the names of
 * choices, premises and entries) put back on it: only the launch page reports, so only it loads them.
 * Without them (the file failed to load) the launcher still tracks, naming choices by letter. */
export function withReportWords(course, words) {
  course.quizzes.forEach(function (quiz) {
    quiz.questions.forEach(function (q) { Object.assign(q, ((words || {})[quiz.id] || {})[q.id]); });
  });
  return course;
}
