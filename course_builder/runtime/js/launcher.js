/* The launcher page of a package (scorm_launch.html): connect to the LMS, offer to resume, show the
 * course's pages in its frame, and tell the learner plainly when progress is not being recorded. */
import { t } from "./messages.js";
import { SCO } from "./sco.js";

/* What the launcher says when the course is not being recorded: plainly, and what to do (a function:
 * the words are looked up once the course's language is set). */
function untracked(outcome) {
  if (outcome === "absent") {
    return t("launcher.no-lms", "No LMS connection was found, so your progress will not be reported. You can still take the course.");
  }
  if (outcome === "ended") {
    return t("launcher.session-ended", "This window was reloaded, which ended its session with the learning system: nothing you do " +
      "here from now on is recorded. Your progress up to the reload is saved. Close this window and open " +
      "the course again from the learning system to carry on.");
  }
  return t("launcher.refused", "The learning system did not accept the connection, so nothing you do here is recorded. Close " +
    "this window and open the course again from the learning system; if this keeps happening, tell your " +
    "LMS administrator.");
}

/* The launcher page: connect, offer to resume, show the course. */
export function launch(editionName, course, tracker) {
  var sco = new SCO(editionName, course, tracker, window);
  window.CourseBuilderSCO = sco;
  var status = document.getElementById("cb-launch-status");
  var warning = document.getElementById("cb-launch-warning");
  var frame = document.getElementById("cb-content");
  sco.onWarning = function (on) {
    warning.textContent = on ? t("launcher.not-reaching", "Your progress is not reaching the learning system right now. Keep this window " +
      "open: it is kept here and sent as soon as the connection is back.") : "";
    warning.hidden = !on;
  };
  sco.onExit = function () {
    frame.hidden = true;
    frame.removeAttribute("src");
    document.getElementById("cb-resume").hidden = true;
    status.textContent = t("launcher.left", "You have left the course. Your progress is saved; you can close this window.");
  };
  window.addEventListener("pagehide", function () { sco.exit(true); });
  window.addEventListener("unload", function () { sco.exit(true); });

  function show(url) {
    document.getElementById("cb-resume").hidden = true;
    frame.src = url || "index.html";
    frame.hidden = false;
  }
  status.textContent = t("launcher.connecting", "Connecting to the learning system...");
  sco.start(function (outcome) {
    status.textContent = outcome === "absent" ? untracked("absent") :
      sco.connected() && sco.readOnly() ?
        t("launcher.review-mode", "Review mode: you can look through the course; nothing you do here changes your record.") : "";
    if (outcome === "ended" || outcome === "refused") {
      warning.textContent = untracked(outcome);
      warning.hidden = false;
    }
    var lesson = tracker.resumeLesson(sco.state);
    if (!lesson) return show();
    // Coming back: offer to continue where the learner left off.
    var offer = document.getElementById("cb-resume");
    document.getElementById("cb-resume-where").textContent = lesson.title;
    document.getElementById("cb-resume-continue").addEventListener("click", function () { show(lesson.url); });
    document.getElementById("cb-resume-start").addEventListener("click", function () { show(); });
    offer.hidden = false;
    document.getElementById("cb-resume-continue").focus();
  });
}
