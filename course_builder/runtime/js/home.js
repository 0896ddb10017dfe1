/* The course home (the cover runtime/home.py puts above the welcome page): the Start button becomes
 * "Continue where you left off" once the learner has begun, and each module's card says how far the
 * learner is. Without this script the cover still reads right, with Start and no progress. */
import { icon } from "./icons.js";
import { moduleStandings } from "./standing.js";
import { formatNumber, t, tn } from "./messages.js";

/* What the primary button says, and where it leads: the first lesson, or the one the learner was on. */
export function startButton(course, resume) {
  if (resume) return { text: t("home.continue", "Continue where you left off: {title}", { title: resume.title }), url: resume.url };
  var first = course.lessons[0];
  return { text: t("home.start", "Start the course"), url: first ? first.url : "" };
}

/* "2 of 5 lessons visited", or "All 5 lessons visited". */
export function moduleProgressText(module) {
  if (module.total && module.visited === module.total) {
    // TRANSLATORS: a module's card once every lesson of it is visited; the one-lesson form has no number
    return tn("home.all-lessons-visited", "Lesson visited", "All {count} lessons visited", module.total);
  }
  return tn("home.lessons-visited", "{visited} of {count} lesson visited", "{visited} of {count} lessons visited",
    module.total, { visited: formatNumber(module.visited) });
}

/* What the card says of the module's quizzes ("" when it has none that count). */
export function moduleQuizText(module) {
  if (!module.quizzes) return "";
  if (module.preAssessment) {
    return module.quizzesDone ? t("home.skills-check-taken", "Skills check taken") :
      t("home.skills-check-not-taken", "Skills check not taken yet");
  }
  if (module.quizzes === 1) return module.quizzesDone ? t("home.quiz-passed", "Quiz passed") : t("home.quiz-not-passed", "Quiz not passed yet");
  return tn("home.quizzes-passed", "{passed} of {count} quiz passed", "{passed} of {count} quizzes passed",
    module.quizzes, { passed: formatNumber(module.quizzesDone) });
}

function fill(element, text, done, iconName) {
  element.hidden = !text;
  element.innerHTML = done ? icon(iconName) : "";
  element.appendChild(element.ownerDocument.createTextNode(text));
  element.classList.toggle("cb-module-card__line--done", !!done);
}

export function startHome(doc, course, tracker, state) {
  var home = doc.querySelector(".cb-home");
  if (!home) return;
  var resume = tracker.resumeLesson(state);
  var button = startButton(course, resume);
  var start = home.querySelector(".cb-home__start");
  if (start && button.url) {
    start.setAttribute("href", button.url);
    start.querySelector(".cb-home__start-text").textContent = button.text;
  }
  // The course's progress line (page.js) belongs under the button here, not above the title; before the
  // first lesson it has nothing to say.
  var progressLine = doc.querySelector(".cb-progress");
  var actions = home.querySelector(".cb-home__actions");
  if (progressLine && actions) {
    actions.appendChild(progressLine);
    progressLine.hidden = !resume;
  }
  var cards = {};
  Array.prototype.forEach.call(home.querySelectorAll("[data-cb-module]"), function (card) {
    cards[card.getAttribute("data-cb-module")] = card;
  });
  moduleStandings(course, tracker, state).forEach(function (module) {
    var card = cards[module.id];
    if (!card) return;
    card.classList.toggle("cb-module-card--done", module.complete);
    // "2 of 5 lessons visited" says how many lessons there are: the plain count gives way to it.
    card.querySelector(".cb-module-card__count").hidden = true;
    fill(card.querySelector(".cb-module-card__progress"), moduleProgressText(module), module.visited === module.total, "done");
    fill(card.querySelector(".cb-module-card__quiz"), moduleQuizText(module),
      module.quizzes && module.quizzesDone === module.quizzes, "quiz");
  });
}
