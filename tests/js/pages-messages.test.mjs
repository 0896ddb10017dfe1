/* The words of the site's pages (progress line, home cards, navigation marks, certificate, tables,
 * launcher) come from the message catalogue: with a French or Arabic table in use, they change. */
import test from "node:test";
import assert from "node:assert/strict";
import { useMessages, formatDate, tn } from "../../course_builder/runtime/js/messages.js";
import { progressText } from "../../course_builder/runtime/js/page.js";
import { moduleProgressText, moduleQuizText, startButton } from "../../course_builder/runtime/js/home.js";
import { lessonMarkText, moduleMark } from "../../course_builder/runtime/js/nav.js";

function inLanguage(language, table, fn) {
  useMessages({ language: language, direction: language === "ar" ? "rtl" : "ltr", currency: "EUR", table: table });
  try { fn(); } finally { useMessages(null); }
}

test("English stays as it was without a table", () => {
  assert.equal(progressText({ lessonsVisited: 1, lessonsTotal: 2, quizzesPassed: 0, quizzesRequired: 1, complete: false }),
    "Progress: 1 of 2 lessons, 0 of 1 quiz passed");
  assert.equal(progressText({ lessonsVisited: 1, lessonsTotal: 1, quizzesPassed: 0, quizzesRequired: 0, complete: true }),
    "Progress: 1 of 1 lesson. Course complete.");
  // A one-lesson, one-quiz course: each count agrees with its number (wording.test.mjs kept this before).
  assert.equal(progressText({ lessonsVisited: 1, lessonsTotal: 1, quizzesPassed: 0, quizzesRequired: 1, complete: false }),
    "Progress: 1 of 1 lesson, 0 of 1 quiz passed");
  assert.equal(moduleProgressText({ visited: 1, total: 1 }), "Lesson visited");
  assert.equal(moduleProgressText({ visited: 3, total: 3 }), "All 3 lessons visited");
  assert.equal(moduleQuizText({ quizzes: 2, quizzesDone: 1 }), "1 of 2 quizzes passed");
  assert.equal(lessonMarkText({ visited: true, quizzes: 1, quizzesDone: 1 }), "visited, quiz passed");
  assert.deepEqual(moduleMark({ visited: 2, total: 5 }), { shown: "2/5", read: "2 of 5 lessons visited" });
});

test("tn keeps one and other in English", () => {
  assert.equal(tn("x.lessons", "{count} lesson", "{count} lessons", 1), "1 lesson");
  assert.equal(tn("x.lessons", "{count} lesson", "{count} lessons", 0), "0 lessons");
  assert.equal(tn("x.lessons", "{count} lesson", "{count} lessons", 1234), "1,234 lessons");
});

test("the progress line and the Start button use the French table", () => {
  inLanguage("fr", {
    "page.progress-lessons": { one: "{visited} leçon sur {count}", many: "{visited} leçons sur {count}", other: "{visited} leçons sur {count}" },
    "page.progress-quizzes": { one: "{passed} quiz réussi sur {count}", many: "x", other: "{passed} quiz réussis sur {count}" },
    "page.progress-lessons-quizzes": "Progression : {lessons}, {quizzes}",
    "page.progress-complete": "{progress}. Cours terminé.",
    "home.continue": "Reprendre là où vous en étiez : {title}"
  }, () => {
    assert.equal(progressText({ lessonsVisited: 2, lessonsTotal: 2, quizzesPassed: 1, quizzesRequired: 1, complete: true }),
      "Progression : 2 leçons sur 2, 1 quiz réussi sur 1. Cours terminé.");
    assert.equal(startButton({ lessons: [] }, { title: "Appels", url: "a.html" }).text, "Reprendre là où vous en étiez : Appels");
  });
});

test("home's counts follow Arabic plural forms", () => {
  const forms = { zero: "zero {count}", one: "one", two: "two", few: "few {visited}/{count}", many: "many {visited}/{count}", other: "other {count}" };
  inLanguage("ar", { "home.lessons-visited": forms, "home.quizzes-passed": forms, "nav.lessons-visited": forms }, () => {
    assert.equal(moduleProgressText({ visited: 1, total: 2 }), "two");
    assert.match(moduleProgressText({ visited: 1, total: 5 }), /^few /);
    assert.match(moduleProgressText({ visited: 1, total: 11 }), /^many /);
    assert.match(moduleQuizText({ quizzes: 4, quizzesDone: 1 }), /^few /);
    assert.match(moduleMark({ visited: 1, total: 12 }).read, /^many /);
  });
});

test("the navigation's marks use the table", () => {
  inLanguage("de", { "nav.visited": "angesehen", "nav.quizzes-passed": { one: "Quiz bestanden", other: "Quizze bestanden" },
    "nav.marks": "{first} und {second}", "nav.all-done": "alles erledigt" }, () => {
    assert.equal(lessonMarkText({ visited: true, quizzes: 2, quizzesDone: 2 }), "angesehen und Quizze bestanden");
    assert.equal(moduleMark({ complete: true }).read, "alles erledigt");
  });
});

test("the certificate's date is written in the course's language", () => {
  inLanguage("fr", {}, () => {
    assert.equal(formatDate(new Date(2026, 11, 2)), "2 décembre 2026");
  });
});

/* Just enough of a document for certificate.js to build its sheet, to read its words back. */
function fakeNode(tag) {
  return {
    tag: tag, children: [], attributes: {}, textContent: "", value: "",
    setAttribute(name, value) { this.attributes[name] = value; },
    appendChild(child) { this.children.push(child); return child; },
    classList: { add() {}, toggle() {} },
    addEventListener() {}, focus() {}
  };
}
function texts(node) { return [node.textContent].concat(...node.children.map(texts)).filter(Boolean); }

test("the certificate's words and date come from the table", async () => {
  const { showCertificate } = await import("../../course_builder/runtime/js/certificate.js");
  const area = fakeNode("div");
  globalThis.document = { createElement: fakeNode, createTextNode: (text) => ({ textContent: text, children: [] }) };
  try {
    inLanguage("fr", { "certificate.heading": "Certificat de réussite", "certificate.date": "le {date}",
      "certificate.score": "avec un score de {score} %" }, () => {
      showCertificate({ querySelector: () => area }, { id: "c", title: "Cours", objectives: [] },
        { mode: "local", summary: () => ({ complete: true, score: 87.5 }) });
      const words = texts(area);
      assert.ok(words.includes("Certificat de réussite"), words.join(" | "));
      assert.ok(words.includes("avec un score de 87,5 %"), words.join(" | "));
      const today = new Intl.DateTimeFormat("fr", { year: "numeric", month: "long", day: "numeric" }).format(new Date());
      assert.ok(words.includes("le " + today), words.join(" | "));
    });
  } finally { delete globalThis.document; }
});
