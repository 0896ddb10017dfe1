/* Progress in Material's navigation (the left menu, the drawer on a phone): a mark on each lesson
 * visited and each lesson whose quiz is passed, a count per module ("3/5", a check once all is done),
 * and the current page named for screen readers. Each mark is an icon and words (visually hidden where
 * the icon stands for them), never colour alone. Run again after each submitted quiz. */
import { icon } from "./icons.js";
import { formatNumber, t, tn } from "./messages.js";
import { moduleStandings } from "./standing.js";

/* The site's root as an absolute URL: where course-data.js sits, two folders up. Lesson URLs in the
 * course data are relative to it, wherever the site is opened from (a server, file://, an LMS). */
export function siteRoot(scriptSrc) {
  var at = scriptSrc.lastIndexOf("assets/course-builder/course-data.js");
  return at < 0 ? "" : scriptSrc.slice(0, at);
}

/* The words a lesson's mark stands for: read by screen readers after the lesson's title, in brackets. */
export function lessonMarkText(lesson) {
  var words = [];
  // TRANSLATORS: read by screen readers after a lesson's title in the menu: the lesson has been seen
  if (lesson.visited) words.push(t("nav.visited", "visited"));
  if (lesson.quizzes && lesson.quizzesDone === lesson.quizzes) {
    words.push(lesson.preAssessment ? t("nav.skills-check-taken", "skills check taken") :
      tn("nav.quizzes-passed", "quiz passed", "quizzes passed", lesson.quizzes));
  }
  // TRANSLATORS: two marks of a lesson read together, e.g. "visited, quiz passed"
  return words.length > 1 ? t("nav.marks", "{first}, {second}", { first: words[0], second: words[1] }) : words.join("");
}

/* A module's count as shown ("3/5", or "" once done: the check says it) and as read. */
export function moduleMark(module) {
  // TRANSLATORS: read by screen readers after a module's name in the menu once all of it is done
  if (module.complete) return { shown: "", read: t("nav.all-done", "all done") };
  var numbers = { visited: formatNumber(module.visited), total: formatNumber(module.total) };
  return {
    // TRANSLATORS: a module's count in the menu, lessons visited out of its lessons ("3/5")
    shown: t("nav.count", "{visited}/{total}", numbers),
    read: tn("nav.lessons-visited", "{visited} of {count} lesson visited", "{visited} of {count} lessons visited",
      module.total, numbers)
  };
}

function markHtml(doc, shown, read, icons) {
  var mark = doc.createElement("span");
  mark.className = "cb-nav-mark";
  mark.innerHTML = icons.map(icon).join("") + (shown ? '<span class="cb-nav-mark__count" aria-hidden="true"></span>' : "") +
    '<span class="cb-visually-hidden"></span>';
  if (shown) mark.querySelector(".cb-nav-mark__count").textContent = shown;
  mark.querySelector(".cb-visually-hidden").textContent = " " + t("nav.mark-words", "({words})", { words: read });
  return mark;
}

// The links and labels of one navigation entry (a lesson: its link, and on the current page the label
// that opens its table of contents; a module: its label, or its link when the theme leaves it closed).
function ownLinks(item) {
  return Array.prototype.filter.call(item.children, function (child) { return child.classList.contains("md-nav__link"); });
}

function addMark(link, mark) {
  var old = link.querySelector(".cb-nav-mark");
  if (old) old.parentNode.removeChild(old);
  if (!mark) return;
  // Before the theme's arrow at the end of a link; a panel's title starts with its back arrow.
  var arrow = link.lastElementChild;
  var before = !link.classList.contains("md-nav__title") && arrow && arrow.classList.contains("md-nav__icon");
  link.insertBefore(mark, before ? arrow : null);
}

export function markNavigation(doc, course, tracker, state) {
  var nav = doc.querySelector(".md-nav--primary");
  var script = doc.querySelector('script[src*="course-data.js"]');
  if (!nav || !script) return;
  var root = siteRoot(script.src);
  var modules = moduleStandings(course, tracker, state);
  var lessonAt = {}, moduleOf = {};
  modules.forEach(function (module) {
    module.lessons.forEach(function (lesson) { lessonAt[root + lesson.url] = lesson; moduleOf[lesson.id] = module; });
  });
  function lessonOf(link) { return link && link.href ? lessonAt[link.href.split("#")[0]] : undefined; }

  Array.prototype.forEach.call(nav.querySelectorAll(".md-nav__item"), function (item) {
    if (item.closest(".md-nav--secondary")) return;  // the page's table of contents
    if (item.classList.contains("md-nav__item--nested")) {
      // A module: its first lesson's link says which (inside it when open, its own link when closed).
      var first = lessonOf(item.querySelector("a.md-nav__link[href]"));
      var module = first && moduleOf[first.id];
      if (!module) return;
      var count = moduleMark(module);
      var panelTitle = item.querySelector(":scope > nav > .md-nav__title");
      ownLinks(item).concat(panelTitle ? [panelTitle] : []).forEach(function (link) {
        addMark(link, markHtml(doc, count.shown, count.read, module.complete ? ["done"] : []));
      });
      return;
    }
    var links = ownLinks(item);
    var lesson = lessonOf(links.filter(function (l) { return l.tagName === "A"; })[0]);
    if (!lesson) return;
    var words = lessonMarkText(lesson);
    var icons = (lesson.visited ? ["done"] : []).concat(lesson.quizzes && lesson.quizzesDone === lesson.quizzes ? ["quiz"] : []);
    links.forEach(function (link) { addMark(link, words ? markHtml(doc, "", words, icons) : null); });
  });
  // Where the learner is: named for screen readers, and drawn (css/nav.css) beyond the theme's colour.
  // (On a phone the theme shows the current page as the label that opens its table of contents.)
  Array.prototype.forEach.call(nav.querySelectorAll("a.md-nav__link--active, label.md-nav__link--active"), function (link) {
    if (!link.closest(".md-nav--secondary")) link.setAttribute("aria-current", "page");
  });
}
