/* What every page shows of the course: the learner's progress at the top of the content, and
 * "Exit course" in the header when the course runs inside an LMS. */
import { formatNumber, t, tn } from "./messages.js";

export function pageId(doc) {
  var meta = doc.querySelector('meta[name="course-builder-page"]');
  return meta ? meta.getAttribute("content") : null;
}

/* "Progress: 1 of 2 lessons, 0 of 1 quiz passed". */
export function progressText(summary) {
  var lessons = tn("page.progress-lessons", "{visited} of {count} lesson", "{visited} of {count} lessons",
    summary.lessonsTotal, { visited: formatNumber(summary.lessonsVisited) });
  var quizzes = tn("page.progress-quizzes", "{passed} of {count} quiz passed", "{passed} of {count} quizzes passed",
    summary.quizzesRequired, { passed: formatNumber(summary.quizzesPassed) });
  var text = summary.quizzesRequired ?
    t("page.progress-lessons-quizzes", "Progress: {lessons}, {quizzes}", { lessons: lessons, quizzes: quizzes }) :
    t("page.progress", "Progress: {lessons}", { lessons: lessons });
  return summary.complete ? t("page.progress-complete", "{progress}. Course complete.", { progress: text }) : text;
}

/* The text and a bar, shown again on every page load and after each submitted quiz or simulation. */
export function showProgress(doc, summary) {
  var box = doc.querySelector(".cb-progress");
  if (!box) {
    var content = doc.querySelector(".md-content__inner");
    if (!content) return;
    box = doc.createElement("div");
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

export function addExitButton(doc, progress) {
  if (!progress.exit || progress.mode !== "lms") return;
  var header = doc.querySelector(".md-header__inner") || doc.body;
  var button = doc.createElement("button");
  button.type = "button";
  button.className = "cb-exit md-button";
  button.textContent = t("page.exit", "Exit course");
  button.addEventListener("click", function () { progress.exit(); });
  header.appendChild(button);
}
