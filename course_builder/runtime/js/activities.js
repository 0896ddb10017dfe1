/* A page's activities (quizzes, simulations, calculators). Each kind's script, which only the pages
 * with one load (after course-builder.js), adds its starter here; the page's entry runs them once the
 * document is read, with what they need of the page: {tracker, progress}. */
var starters = [];

export function addActivity(start) { starters.push(start); }

export function startActivities(doc, page) {
  starters.forEach(function (start) { start(doc, page); });
}
