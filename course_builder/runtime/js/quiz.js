/* The quizzes rendered by the `::quiz[...]` Markdown syntax: grading through the page's progress (progress.js)
 * (so the LMS hears of it), feedback that screen readers announce, and the learner's answers kept
 * as they go, so a relaunch mid-quiz or after it shows them again rather than asking again. */
import { answerKey, feedback, readNumber, tokenLetters } from "./grading.js";
import { decimalSeparator, formatNumber, t, tn } from "./messages.js";

function shuffleChildren(container) {
  var items = Array.prototype.slice.call(container.children);
  for (var i = items.length - 1; i > 0; i--) {
    var j = Math.floor(Math.random() * (i + 1));
    var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
  }
  items.forEach(function (item) { container.appendChild(item); });
}

/* A change between two scores as the before/now table writes it: the difference of the rounded figures
 * the learner sees beside it, in percentage points, with a real minus sign. */
export function changeInPoints(before, after) {
  var change = Math.round(after) - Math.round(before), size = Math.abs(change);
  // TRANSLATORS: in the before/now table's Change column: the score did not move
  if (change === 0) return t("quiz.no-change", "no change");
  if (change > 0) return tn("quiz.change-up", "+{count} percentage point", "+{count} percentage points", size);
  return tn("quiz.change-down", "\u2212{count} percentage point", "\u2212{count} percentage points", size);
}

/* What a choice says of itself once checked: the learner's pick, right or not, and a right one they
 * missed. The icon is decoration (hidden from screen readers): the words carry the meaning. */
export function choiceMark(chosen, right) {
  // TRANSLATORS: beside a choice the learner picked, which was right
  if (chosen && right) return { kind: "right", icon: "\u2714", words: t("quiz.mark-chosen-right", "Your answer: right") };
  if (chosen) return { kind: "wrong", icon: "\u2716", words: t("quiz.mark-chosen-wrong", "Your answer: not right") };
  // TRANSLATORS: beside a right choice the learner did not pick
  if (right) return { kind: "missed", icon: "\u2714", words: t("quiz.mark-missed", "Right answer") };
  return null;
}

/* Why a question cannot be checked yet: a code (Quiz.incomplete) and the words the learner reads. */
function problemWords(reason, number) {
  var values = { number: formatNumber(number), mark: decimalSeparator(), example: formatNumber(1.5) };
  if (reason === "no-match") return t("quiz.problem-no-match", "Question {number}: not every item has a match.", values);
  if (reason === "decimal-mark") {
    return t("quiz.problem-decimal-mark", "Question {number}: the answer is not a number; write decimals with “{mark}”, such as {example}.", values);
  }
  return t("quiz.problem-not-a-number", "Question {number}: the answer is not a number.", values);
}

function noteWords(reason) {
  var values = { mark: decimalSeparator(), example: formatNumber(1.5) };
  if (reason === "not-answered") return t("quiz.note-not-answered", "Not answered yet.");
  if (reason === "no-match") return t("quiz.note-no-match", "Not answered yet: not every item has a match.");
  if (reason === "decimal-mark") {
    return t("quiz.note-decimal-mark", "Not answered yet: the answer is not a number; write decimals with “{mark}”, such as {example}.", values);
  }
  return t("quiz.note-not-a-number", "Not answered yet: the answer is not a number.");
}

/* "3", "3 and 7", "3, 7 and 9", in the language's way of listing. */
function listed(numbers) {
  var words = numbers.map(function (n) { return formatNumber(n); }), last = words.pop();
  if (!words.length) return last;
  var list = words.reduce(function (sum, next) {
    // TRANSLATORS: joins the numbers of a list but the last: "3, 7" (then "and 9")
    return t("quiz.list-next", "{list}, {next}", { list: sum, next: next });
  });
  // TRANSLATORS: joins the last number of a list: "3, 7 and 9"
  return t("quiz.list-last", "{list} and {last}", { list: list, last: last });
}

/* The line under Check when some questions cannot be checked yet; `missing`: [{number, reason}] in
 * order, reason a code: "not-answered", "no-match", "not-a-number", "decimal-mark". */
export function missingMessage(missing) {
  var unanswered = missing.filter(function (m) { return m.reason === "not-answered"; }).map(function (m) { return m.number; });
  var words = [t("quiz.answer-every-question", "Answer every question before checking.")];
  if (unanswered.length) {
    words.push(tn("quiz.not-answered-list", "Not answered yet: question {numbers}.", "Not answered yet: questions {numbers}.",
      unanswered.length, { numbers: listed(unanswered) }));
  }
  missing.forEach(function (m) {
    if (m.reason !== "not-answered") words.push(problemWords(m.reason, m.number));
  });
  words.push(tn("quiz.marked-above", "It is marked above.", "Each one is marked above.", missing.length));
  return words.join(" ");
}

function Quiz(section, tracker, progress) {
  this.tracker = tracker;
  this.progress = progress;
  this.section = section;
  this.key = JSON.parse(section.querySelector(".cb-quiz__key").textContent);
  this.form = section.querySelector("form");
  this.result = section.querySelector(".cb-quiz__result");
  this.status = section.querySelector(".cb-quiz__status");
  this.retryButton = section.querySelector(".cb-quiz__retry");
  this.submitButton = section.querySelector(".cb-quiz__submit");
  this.lettered = {};
  this.shuffle();
  this.started = Date.now();
  this.changed = {};
  this.applyDraw(this.progress.drawn(this.key.id));
  this.form.addEventListener("submit", this.onSubmit.bind(this));
  this.form.addEventListener("change", this.onChange.bind(this));
  // Typing a missing answer clears its "Not answered yet" at once, not only when the box loses focus.
  this.form.addEventListener("input", this.showMissing.bind(this, null));
  this.form.addEventListener("click", this.onOrderClick.bind(this));
  this.retryButton.addEventListener("click", this.onRetry.bind(this));
  this.restore();
}

/* Show the questions of this attempt (all, or those drawn from banks), numbered in order. */
Quiz.prototype.applyDraw = function (ids) {
  this.active = this.key.questions.filter(function (q) { return ids.indexOf(q.id) >= 0; });
  var self = this, n = 0, total = this.active.length;
  this.key.questions.forEach(function (q) {
    var fieldset = self.fieldset(q.id), on = ids.indexOf(q.id) >= 0;
    fieldset.hidden = !on;
    fieldset.disabled = !on;
    if (on) fieldset.querySelector(".cb-question__number").textContent =
      t("quiz.question-number", "Question {number} of {total}.", { number: formatNumber(++n), total: formatNumber(total) });
  });
  var meta = this.section.querySelector(".cb-quiz__meta");
  if (meta) meta.textContent = tn("quiz.question-count", "{count} question.", "{count} questions.", total) + " " +
    (this.startingPoint() ? t("quiz.no-pass-mark", "No pass mark: it shows where you start.") :
      t("quiz.pass-mark", "Pass mark: {percent}%.", { percent: this.key.passingScore }));
};

/* A pre-assessment measures where a learner starts: nobody passes or fails it. */
Quiz.prototype.startingPoint = function () {
  return this.key.kind === "pre-assessment";
};

Quiz.prototype.fieldset = function (questionId) {
  return this.section.querySelector('[data-cb-question="' + questionId + '"]');
};

/* A whole percentage in the language's way: "40%", "40 %". */
function formatPercentWhole(value) {
  return t("quiz.percent", "{percent}%", { percent: formatNumber(Math.round(value)) });
}

function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

/* Choices (and ordering entries) in a random order; an ordering never starts out already right. */
Quiz.prototype.shuffle = function () {
  if (!this.key.shuffle) return;
  var self = this;
  all(this.section, ".cb-choices").forEach(shuffleChildren);
  this.key.questions.forEach(function (q) {
    if (q.type !== "ordering") return;
    var list = self.fieldset(q.id).querySelector(".cb-order");
    for (var tries = 0; tries < 5; tries++) {
      shuffleChildren(list);
      if (self.tracker.credit(self.key.id, q.id, self.answerOf(self.fieldset(q.id))) < 1) break;
    }
  });
};

/* A matching question's targets and an ordering question's entries are known to the page by tokens
 * (answer_key.tokens: their letters' order is the right order), to the tracker by letters: both ways. */
Quiz.prototype.letters = function (fieldset) {
  var id = fieldset.getAttribute("data-cb-question");
  if (!this.lettered[id]) {
    var matching = fieldset.getAttribute("data-type") === "matching";
    var tokens = matching ?
      all(fieldset.querySelector("select"), "option").map(function (o) { return o.value; }).filter(Boolean) :
      all(fieldset, ".cb-order__item").map(function (li) { return li.getAttribute("data-cb-item"); });
    var letter = tokenLetters(this.key.id, id, matching ? "target" : "entry", tokens), token = {};
    Object.keys(letter).forEach(function (t) { token[letter[t]] = t; });
    this.lettered[id] = { letter: letter, token: token };
  }
  return this.lettered[id];
};

/* One question's answer as the tracker stores it ("" when not answered yet). */
Quiz.prototype.answerOf = function (fieldset) {
  var type = fieldset.getAttribute("data-type");
  var typed = fieldset.querySelector(".cb-typed__input");
  // A number the learner wrote in their language's way ("12,5" in French) is kept as the grader reads
  // numbers ("12.5"); one that cannot be read is kept minus "$", "%", spaces and stray characters:
  // short, and at most a decimal comma for saved progress to escape.
  if (type === "numeric") {
    var read = readNumber(typed.value);
    if (read.value !== undefined) return String(read.value);
    var number = typed.value.replace(/[\s$%]/g, "");
    return /^[0-9.,\-]*$/.test(number) ? number : number.replace(/[^0-9.,\-]/g, "") || "?";
  }
  if (type === "fill-in") return typed.value.trim();
  if (type === "matching") {
    var targets = this.letters(fieldset).letter;
    var picks = all(fieldset, "select").map(function (select) { return targets[select.value] || "_"; }).join("");
    return /[^_]/.test(picks) ? picks : "";
  }
  if (type === "ordering") {
    var entries = this.letters(fieldset).letter;
    return all(fieldset, ".cb-order__item").map(function (li) { return entries[li.getAttribute("data-cb-item")]; }).join("");
  }
  return all(fieldset, "input:checked").map(function (input) { return input.value; }).sort().join("");
};

/* Why a question cannot be checked yet, as a code (words: noteWords, problemWords), or "" when it can. */
Quiz.prototype.incomplete = function (q, answer) {
  if (!answer) return "not-answered";
  if (q.type === "matching" && answer.indexOf("_") >= 0) return "no-match";
  if (q.type === "numeric" && readNumber(answer).problem) return readNumber(answer).problem === "decimal-mark" ? "decimal-mark" : "not-a-number";
  return "";
};

Quiz.prototype.answers = function () {
  var answers = {}, self = this;
  all(this.section, ".cb-question:not([hidden])").forEach(function (fieldset) {
    var answer = self.answerOf(fieldset);
    if (answer) answers[fieldset.getAttribute("data-cb-question")] = answer;
  });
  return answers;
};

/* Up and Down buttons of ordering questions: move the entry, keep focus on the same button (or its
 * twin when it reached an end), and say where it went. */
Quiz.prototype.onOrderClick = function (event) {
  var button = event.target.closest(".cb-order__up, .cb-order__down");
  if (!button || button.disabled) return;
  var item = button.closest(".cb-order__item"), list = item.parentNode, up = button.classList.contains("cb-order__up");
  var sibling = up ? item.previousElementSibling : item.nextElementSibling;
  if (sibling) list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
  var items = all(list, ".cb-order__item"), position = items.indexOf(item) + 1;
  var edge = (up && position === 1) || (!up && position === items.length);
  item.querySelector(edge ? (up ? ".cb-order__down" : ".cb-order__up") : (up ? ".cb-order__up" : ".cb-order__down")).focus();
  var fieldset = list.closest(".cb-question");
  fieldset.querySelector(".cb-order__status").textContent = t("quiz.order-position", "{item}: position {position} of {total}.",
    { item: item.querySelector(".cb-order__text").textContent, position: formatNumber(position), total: formatNumber(items.length) });
  this.onChange({ target: list });
};

Quiz.prototype.onChange = function (event) {
  var fieldset = event.target.closest(".cb-question");
  if (fieldset) this.changed[fieldset.getAttribute("data-cb-question")] = Date.now();
  this.progress.answer(this.key.id, this.answers());
  this.showMissing(null);
};

/* Mark each question that cannot be checked yet, in the question itself (words, an outline, and
 * aria-invalid on what is still empty), and name them all under Check. With `flag` null only the
 * questions already marked are looked at again: answering one clears its mark. Returns what is missing. */
Quiz.prototype.showMissing = function (flag) {
  var self = this, answers = this.answers(), missing = [];
  this.active.forEach(function (q, i) {
    var fieldset = self.fieldset(q.id), note = fieldset.querySelector(".cb-question__missing");
    var reason = self.incomplete(q, answers[q.id]);
    if (!flag && note.hidden) reason = "";
    note.hidden = !reason;
    fieldset.classList.toggle("cb-question--missing", !!reason);
    if (reason) {
      missing.push({ number: i + 1, reason: reason, fieldset: fieldset });
      note.textContent = noteWords(reason);
      fieldset.setAttribute("aria-describedby", note.id);
    } else if (fieldset.getAttribute("aria-describedby") === note.id) {
      fieldset.removeAttribute("aria-describedby");
    }
    all(fieldset, "input, select").forEach(function (input) {
      var empty = reason && (input.tagName !== "SELECT" || !input.value);
      if (empty) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
  });
  this.status.textContent = missing.length ? missingMessage(missing) : "";
  return missing;
};

Quiz.prototype.onSubmit = function (event) {
  event.preventDefault();
  var self = this, answers = this.answers();
  var missing = this.showMissing(true);
  if (missing.length) {
    missing[0].fieldset.querySelector("input, select, button").focus();
    return;
  }
  var now = Date.now(), latencies = {};
  this.active.forEach(function (q) { latencies[q.id] = (self.changed[q.id] || now) - self.started; });
  var result = this.progress.submit(this.key.id, answers, latencies);
  this.showResult(result);
  // The result is above the questions and takes focus, so it is what a screen reader says next.
  this.result.setAttribute("tabindex", "-1");
  this.result.focus();
};

Quiz.prototype.showResult = function (result) {
  var self = this;
  result.questions.forEach(function (r) { self.showFeedback(r); });
  this.form.querySelectorAll("input, select, .cb-order button").forEach(function (input) { input.disabled = true; });
  this.submitButton.hidden = true;
  this.retryButton.hidden = this.startingPoint();   // a retake would hide where the learner started
  this.result.innerHTML = "";
  var summary = document.createElement("p"), next = document.createElement("p");
  var earnedValues = { points: formatNumber(result.points), max: formatNumber(result.max), percent: formatNumber(Math.round(result.score)) };
  var right = result.questions.filter(function (r) { return r.correct; }).length;
  var tally = tn("quiz.tally", "{right} of {count} question right.", "{right} of {count} questions right.",
    result.questions.length, { right: formatNumber(right) }) + " " +
    t("quiz.each-question-shows", "Each question below shows your answer, the right one and why.");
  var verdict = this.startingPoint() ? "start" : result.passed ? "passed" : "failed";
  summary.className = "cb-quiz__summary";
  this.result.className = "cb-quiz__result cb-quiz__result--" + verdict;
  if (verdict === "start") {
    summary.textContent = t("quiz.start-done", "Done. You earned {points} of {max} points ({percent}%). This is your starting point: the final assessment shows what you have gained, objective by objective.",
      earnedValues);
    next.textContent = tally + " " + t("quiz.read-feedback", "Read the feedback before you go on.");
  } else {
    summary.innerHTML = "<span class=\"cb-quiz__icon\" aria-hidden=\"true\">" + (result.passed ? "\u2714" : "\u2716") + "</span> ";
    earnedValues.pass = formatNumber(this.key.passingScore);
    summary.appendChild(document.createTextNode(result.passed ?
      t("quiz.passed", "Passed. You earned {points} of {max} points ({percent}%). The pass mark is {pass}%.", earnedValues) :
      t("quiz.not-passed", "Not passed yet. You earned {points} of {max} points ({percent}%). The pass mark is {pass}%.", earnedValues)));
    next.textContent = tally + (result.passed ? "" : " " + t("quiz.try-again-after", "Read the feedback, then use Try again after the last question."));
  }
  next.className = "cb-quiz__next";
  this.result.appendChild(summary);
  this.result.appendChild(next);
  if (this.key.kind === "final-assessment") this.showGain();
};

/* After the final assessment: each objective before the course and now. The roles are spelled out
 * because on a phone the rows are laid out as grids (quiz.css), and a table restyled so can lose its
 * table semantics in some browsers; data-label gives each figure its visible label there. */
Quiz.prototype.showGain = function () {
  var rows = this.progress.gain().filter(function (r) { return r.before !== null && r.after !== null; });
  if (!rows.length) return;
  var pct = function (v) { return formatPercentWhole(v); };
  var headers = [
    // TRANSLATORS: column heading of the before/now table: the course's learning objective
    t("quiz.gain-objective", "Objective"),
    // TRANSLATORS: column heading: the score before the course (the pre-assessment)
    t("quiz.gain-before", "Before"),
    // TRANSLATORS: column heading: the score now (the final assessment)
    t("quiz.gain-now", "Now"),
    // TRANSLATORS: column heading: the difference between before and now
    t("quiz.gain-change", "Change")
  ];
  var table = document.createElement("table");
  table.className = "cb-gain";
  table.setAttribute("role", "table");
  table.innerHTML = "<caption></caption><thead role=\"rowgroup\"><tr role=\"row\">" + headers.map(function (h, i) {
    return "<th scope=\"col\" role=\"columnheader\"" + (i ? " class=\"cb-gain__figure\"" : "") + "></th>";
  }).join("") + "</tr></thead>";
  table.querySelector("caption").textContent = t("quiz.gain-caption",
    "Your progress per objective: before the course (the pre-assessment) and now (this assessment)");
  all(table, "thead th").forEach(function (th, i) { th.textContent = headers[i]; });
  var body = document.createElement("tbody");
  body.setAttribute("role", "rowgroup");
  rows.forEach(function (r) {
    var tr = document.createElement("tr"), change = Math.round(r.after) - Math.round(r.before);
    tr.setAttribute("role", "row");
    if (change > 0) tr.className = "cb-gain--up";
    [r.title, pct(r.before), pct(r.after), changeInPoints(r.before, r.after)].forEach(function (text, i) {
      var cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) {
        cell.scope = "row";
        cell.setAttribute("role", "rowheader");
      } else {
        cell.className = "cb-gain__figure";
        cell.setAttribute("role", "cell");
        cell.setAttribute("data-label", headers[i]);
      }
      cell.textContent = text;
      tr.appendChild(cell);
    });
    body.appendChild(tr);
  });
  table.appendChild(body);
  this.result.appendChild(table);
};

/* Feedback, explanation and right answer travel sealed (answer_key.py): opened here, once submitted. */
Quiz.prototype.showFeedback = function (r) {
  var question = this.key.questions.filter(function (q) { return q.id === r.question.id; })[0];
  var words = feedback(this.key.id, question.id, question.sealedFeedback);
  var right = answerKey(this.tracker.quiz(this.key.id), r.question).correct;
  var fieldset = this.fieldset(question.id);
  var box = fieldset.querySelector(".cb-question__feedback");
  fieldset.classList.remove("cb-correct", "cb-incorrect");
  fieldset.classList.add(r.correct ? "cb-correct" : "cb-incorrect");
  box.innerHTML = "";
  // The verdict is words and an icon, never colour alone.
  var verdict = document.createElement("p");
  verdict.className = "cb-verdict";
  verdict.textContent = r.correct ? "\u2714 " + t("quiz.correct", "Correct.") : r.share > 0 ? "\u25D0 " +
    t("quiz.partly-correct", "Partly correct: {earned} of {max} points.", { earned: formatNumber(r.earned), max: formatNumber(r.max) }) :
    "\u2716 " + t("quiz.incorrect", "Incorrect.");
  box.appendChild(verdict);
  if (words.rightAnswer !== undefined) {
    this.showTypedFeedback(question, words, right, r, fieldset, box);
  } else {
    this.showChoiceFeedback(words, right, r, fieldset, box);
  }
  var explanation = document.createElement("p");
  explanation.className = "cb-explanation";
  // TRANSLATORS: leads the explanation of a question's answer, after grading
  explanation.innerHTML = "<strong></strong> " + words.explanation;
  explanation.querySelector("strong").textContent = t("quiz.why", "Why:");
  box.appendChild(explanation);
  box.hidden = false;
  fieldset.setAttribute("aria-describedby", box.id);
};

/* Fill-in, numeric, matching, ordering: feedback for right or wrong, marks on each entry, the answer.
 * `right`: the right matches or order, as letters. */
Quiz.prototype.showTypedFeedback = function (question, words, right, r, fieldset, box) {
  var p = document.createElement("p");
  p.className = "cb-choice-feedback";
  p.innerHTML = r.correct ? words.feedbackCorrect : words.feedbackIncorrect;
  box.appendChild(p);
  var mark = function (el, right) {
    // TRANSLATORS: beside a matching item or an entry of an ordering, after grading
    el.textContent = right ? "\u2714 " + t("quiz.item-right", "right") : "\u2716 " + t("quiz.item-not-right", "not right");
    el.className = el.className.split(" ")[0] + (right ? " cb-mark-right" : " cb-mark-wrong");
  };
  if (question.type === "matching") {
    all(fieldset, ".cb-match").forEach(function (row, i) {
      mark(row.querySelector(".cb-match__mark"), r.letters.charAt(i) === right.charAt(i));
    });
  }
  if (question.type === "ordering") {
    var entries = this.letters(fieldset).letter;
    all(fieldset, ".cb-order__item").forEach(function (li, i) {
      mark(li.querySelector(".cb-order__mark"), entries[li.getAttribute("data-cb-item")] === right.charAt(i));
    });
  }
  if (!r.correct) {
    var answer = document.createElement("div");
    answer.className = "cb-right-answer";
    answer.innerHTML = words.rightAnswer;
    box.appendChild(answer);
  }
};

/* `right`: the right choices' letters. */
Quiz.prototype.showChoiceFeedback = function (words, right, r, fieldset, box) {
  all(fieldset, ".cb-choice").forEach(function (choice) {
    var id = choice.getAttribute("data-cb-choice"), mark = choiceMark(r.letters.indexOf(id) >= 0, right.indexOf(id) >= 0);
    var el = choice.querySelector(".cb-choice__mark");
    choice.className = "cb-choice" + (mark ? " cb-choice--" + mark.kind : "");
    el.innerHTML = "";
    if (!mark) return;
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = mark.icon + " ";
    el.appendChild(icon);
    el.appendChild(document.createTextNode(mark.words));
  });
  r.letters.split("").forEach(function (choiceId) {
    var p = document.createElement("p");
    p.className = "cb-choice-feedback";
    p.innerHTML = words.feedback[choiceId];
    box.appendChild(p);
  });
  if (!r.correct) {
    var answer = document.createElement("p");
    answer.className = "cb-right-answer";
    var labels = right.split("").map(function (choiceId) {
      return fieldset.querySelector('[data-cb-choice="' + choiceId + '"] label').textContent;
    });
    // TRANSLATORS: between the right choices' words in "Right answers: A; B."
    var separator = t("quiz.answers-separator", "; ");
    answer.textContent = tn("quiz.right-answers", "Right answer: {answers}.", "Right answers: {answers}.", labels.length,
      { answers: labels.join(separator) });
    box.appendChild(answer);
  }
};

Quiz.prototype.clear = function () {
  this.form.reset();
  this.form.querySelectorAll("input, select, .cb-order button").forEach(function (input) { input.disabled = false; });
  all(this.form, ".cb-match__mark, .cb-order__mark, .cb-order__status, .cb-choice__mark").forEach(function (el) { el.textContent = ""; });
  all(this.form, ".cb-choice").forEach(function (choice) { choice.className = "cb-choice"; });
  this.section.querySelectorAll(".cb-question").forEach(function (fieldset) {
    fieldset.classList.remove("cb-correct", "cb-incorrect");
    fieldset.removeAttribute("aria-describedby");
    var box = fieldset.querySelector(".cb-question__feedback");
    box.hidden = true;
    box.innerHTML = "";
  });
  this.submitButton.hidden = false;
  this.retryButton.hidden = true;
  this.result.textContent = "";
  this.result.className = "cb-quiz__result";
  this.result.removeAttribute("tabindex");
  this.status.textContent = "";
};

Quiz.prototype.onRetry = function () {
  this.clear();
  this.shuffle();
  this.started = Date.now();
  this.changed = {};
  this.progress.retry(this.key.id);
  this.applyDraw(this.progress.drawn(this.key.id));
  this.form.querySelector(".cb-question:not([hidden])").querySelector("input, select, button").focus();
};

/* A learner coming back finds the quiz as they left it: answers in progress, or graded. */
Quiz.prototype.restore = function () {
  var view = this.progress.quizView(this.key.id);
  if (!view) return;
  var self = this;
  Object.keys(view.answers).forEach(function (questionId) {
    var fieldset = self.fieldset(questionId);
    if (fieldset) self.show(fieldset, view.answers[questionId]);
  });
  if (view.submitted) this.showResult(view.current);
  // A starting point has one attempt, and its result (shown above) is the whole story.
  if (view.best && !(this.startingPoint() && view.submitted)) {
    var note = document.createElement("p");
    note.className = "cb-quiz__earlier";
    var best = formatNumber(Math.round(view.best.score));
    note.textContent = this.startingPoint() ? t("quiz.starting-point", "Your starting point: {percent}%.", { percent: best }) :
      view.best.passed ? tn("quiz.best-passed", "Your best result so far: {percent}% (passed), after {count} attempt.",
        "Your best result so far: {percent}% (passed), after {count} attempts.", view.attempts, { percent: best }) :
        tn("quiz.best-not-passed", "Your best result so far: {percent}% (not passed yet), after {count} attempt.",
          "Your best result so far: {percent}% (not passed yet), after {count} attempts.", view.attempts, { percent: best });
    this.section.insertBefore(note, this.result);
  }
};

/* Put a stored answer back on screen. */
Quiz.prototype.show = function (fieldset, answer) {
  var type = fieldset.getAttribute("data-type");
  if (type === "numeric" && decimalSeparator() === "," && /^-?[0-9]*\.[0-9]*$/.test(answer)) {
    // Stored as the grader reads it ("1.234"): shown as the learner's language writes it ("1,234"),
    // which readNumber reads back the same.
    fieldset.querySelector("input").value = answer.replace(".", ",");
  } else if (type === "fill-in" || type === "numeric") {
    fieldset.querySelector("input").value = answer;
  } else if (type === "matching") {
    var targets = this.letters(fieldset).token;
    all(fieldset, "select").forEach(function (select, i) {
      select.value = targets[answer.charAt(i)] || "";
    });
  } else if (type === "ordering") {
    var list = fieldset.querySelector(".cb-order"), entries = this.letters(fieldset).token;
    answer.split("").forEach(function (letter) {
      var li = entries[letter] && list.querySelector('[data-cb-item="' + entries[letter] + '"]');
      if (li) list.appendChild(li);
    });
  } else {
    answer.split("").forEach(function (letter) {
      var input = fieldset.querySelector('input[value="' + letter + '"]');
      if (input) input.checked = true;
    });
  }
};

/* Every quiz on the page. The handout's copies (print.html) have no key block: printed questions,
 * nothing to grade. */
export function startQuizzes(doc, tracker, progress) {
  doc.querySelectorAll(".cb-quiz").forEach(function (section) {
    if (section.querySelector(".cb-quiz__key")) new Quiz(section, tracker, progress);
  });
}
