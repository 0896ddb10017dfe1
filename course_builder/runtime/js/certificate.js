/* The certificate page of the static site (certificate.html): once the course is complete, the
 * learner types their name and prints a certificate with the course, the date, the score if any and
 * the objectives. Before that, it says what is left to do. In an LMS, the LMS issues certificates. */
import * as storage from "./storage.js";
import { formatDate, formatNumber, t, tn } from "./messages.js";

function nameKey(course) { return "course-builder:" + course.id + ":certificate-name"; }

function el(tag, attrs, text) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
  if (text !== undefined) node.textContent = text;
  return node;
}

/* The printed sheet stays on one page (certificate.css): the more its objectives say, the smaller their type.
 * Measured on A4 and Letter: roomy holds 8 objectives of 87 characters, compact 12 of 180, dense 12 of 300. */
var ROOMY_OBJECTIVES = 8, ROOMY_CHARACTERS = 700, COMPACT_CHARACTERS = 1800;

function density(objectives) {
  var characters = objectives.reduce(function (sum, o) { return sum + o.title.length; }, 0);
  if (characters > COMPACT_CHARACTERS) return "cb-certificate--dense";
  if (objectives.length > ROOMY_OBJECTIVES || characters > ROOMY_CHARACTERS) return "cb-certificate--compact";
  return "";
}


function inLms(area) {
  area.appendChild(el("p", {}, t("certificate.in-lms",
    "Your LMS records your progress and completion of this course; certificates for this course come from your LMS.")));
}

function notYet(area, progress) {
  var left = progress.remaining();
  area.appendChild(el("p", { "class": "cb-certificate__pending" },
    t("certificate.still-to-do", "Your certificate appears here once you have finished the course. Still to do:")));
  var list = el("ul", { "class": "cb-certificate__todo" });
  if (left.lessons.length) {
    // TRANSLATORS: followed by the titles of those lessons, as links
    var item = el("li", {}, tn("certificate.more-lessons", "Read {count} more lesson:", "Read {count} more lessons:",
      left.lessons.length) + " ");
    left.lessons.forEach(function (lesson, index) {
      // TRANSLATORS: between the titles of the lessons still to read
      if (index) item.appendChild(document.createTextNode(t("certificate.lesson-separator", ", ")));
      item.appendChild(el("a", { href: lesson.url }, lesson.title));
    });
    list.appendChild(item);
  }
  if (left.quizzes > 0) {
    list.appendChild(el("li", {}, tn("certificate.more-quizzes", "Pass {count} more required quiz.", "Pass {count} more required quizzes.",
      left.quizzes)));
  }
  area.appendChild(list);
}

function certificate(area, course, summary) {
  var form = el("div", { "class": "cb-certificate__form" });
  form.appendChild(el("p", {}, t("certificate.well-done", "Well done: you have finished the course. Type your name as it should " +
    "appear, then print your certificate (or save it as PDF from the print dialog).")));
  var field = el("p", { "class": "cb-certificate__field" });
  field.appendChild(el("label", { "for": "cb-certificate-name" }, t("certificate.your-name", "Your name")));
  var input = el("input", { id: "cb-certificate-name", type: "text", autocomplete: "name", maxlength: "120" });
  input.value = storage.get(nameKey(course)) || "";
  field.appendChild(input);
  form.appendChild(field);
  var button = el("button", { type: "button", "class": "md-button md-button--primary cb-certificate__print" },
    t("certificate.print", "Print certificate"));
  form.appendChild(button);
  area.appendChild(form);

  var sheet = el("section", { "class": "cb-certificate", "aria-labelledby": "cb-certificate-title" });
  sheet.appendChild(el("p", { "class": "cb-certificate__title", id: "cb-certificate-title" },
    t("certificate.heading", "Certificate of completion")));
  // TRANSLATORS: the printed certificate reads "This certifies that / <name> / has completed the course / <course> / on <date>"
  sheet.appendChild(el("p", {}, t("certificate.certifies", "This certifies that")));
  var name = el("p", { "class": "cb-certificate__name" });
  sheet.appendChild(name);
  sheet.appendChild(el("p", {}, t("certificate.has-completed", "has completed the course")));
  sheet.appendChild(el("p", { "class": "cb-certificate__course" }, course.title));
  sheet.appendChild(el("p", { "class": "cb-certificate__date" }, t("certificate.date", "on {date}", { date: formatDate(new Date()) })));
  if (summary.score !== null && summary.score !== undefined) {
    sheet.appendChild(el("p", { "class": "cb-certificate__score" },
      t("certificate.score", "with a score of {score}%", { score: formatNumber(summary.score) })));
  }
  if (course.objectives && course.objectives.length) {
    sheet.appendChild(el("p", { "class": "cb-certificate__objectives-intro" },
      t("certificate.objectives", "Objectives of the course:")));
    var list = el("ul", { "class": "cb-certificate__objectives" });
    course.objectives.forEach(function (o) { list.appendChild(el("li", {}, o.title)); });
    sheet.appendChild(list);
    var tier = density(course.objectives);
    if (tier) sheet.classList.add(tier);
  }
  area.appendChild(sheet);

  function showName() {
    var text = input.value.trim();
    // TRANSLATORS: stands on the certificate's preview where the learner's name goes, until they type it
    name.textContent = text || t("certificate.name-placeholder", "(your name)");
    name.classList.toggle("cb-certificate__name--empty", !text);
  }
  input.addEventListener("input", function () { showName(); storage.set(nameKey(course), input.value); });
  button.addEventListener("click", function () {
    if (!input.value.trim()) { input.focus(); return; }
    window.print();
  });
  showName();
}

/* Fills the page's [data-cb-certificate] area, if this is the certificate page. */
export function showCertificate(doc, course, progress) {
  var area = doc.querySelector("[data-cb-certificate]");
  if (!area) return;
  area.textContent = "";
  if (progress.mode === "lms") return inLms(area);
  var summary = progress.summary();
  if (summary.complete) certificate(area, course, summary); else notYet(area, progress);
}
