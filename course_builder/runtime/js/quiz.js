/* The quizzes rendered by the `::quiz[...]` Markdown syntax: grading through the page's progress (progress.js)
 * (so the LMS hears of it), feedback that screen readers announce, and the learner's answers kept
 * as they go, so a relaunch mid-quiz or after it shows them again rather than asking again. */
import { answerKey, feedback, parseNumber, tokenLetters } from "./grading.js";

function shuffleChildren(container) {
  var items = Array.prototype.slice.call(container.children);
  for (var i = items.length - 1; i > 0; i--) {
    var j = Math.floor(Math.random() * (i + 1));
    var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
  }
  items.forEach(function (item) { container.appendChild(item); });
}

function Quiz(section, tracker, progress) {
  this.tracker = tracker;
  this.progress = progress;
  this.section = section;
  this.key = JSON.parse(section.querySelector(".cb-quiz__key").textContent);
  this.form = section.querySelector("form");
  this.result = section.querySelector(".cb-quiz__result");
  this.retryButton = section.querySelector(".cb-quiz__retry");
  this.submitButton = section.querySelector(".cb-quiz__submit");
  this.lettered = {};
  this.shuffle();
  this.started = Date.now();
  this.changed = {};
  this.applyDraw(this.progress.drawn(this.key.id));
  this.form.addEventListener("submit", this.onSubmit.bind(this));
  this.form.addEventListener("change", this.onChange.bind(this));
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
    if (on) fieldset.querySelector(".cb-question__number").textContent = "Question " + (++n) + " of " + total + ".";
  });
  var meta = this.section.querySelector(".cb-quiz__meta");
  if (meta) meta.textContent = total + " question" + (total === 1 ? "" : "s") + ". " +
    (this.startingPoint() ? "No pass mark: it shows where you start." : "Pass mark: " + this.key.passingScore + "%.");
};

/* A pre-assessment measures where a learner starts: nobody passes or fails it. */
Quiz.prototype.startingPoint = function () {
  return this.key.kind === "pre-assessment";
};

Quiz.prototype.fieldset = function (questionId) {
  return this.section.querySelector('[data-cb-question="' + questionId + '"]');
};

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
  // A number is kept as the learner wrote it, minus "$", "%", spaces, thousands separators and
  // stray characters: short, and at most a decimal comma for saved progress to escape.
  if (type === "numeric") {
    var number = typed.value.replace(/[\s$%]/g, "");
    if (parseNumber(number) !== null) number = String(parseNumber(number));
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

/* Why a question cannot be checked yet, or "" when it can. */
Quiz.prototype.incomplete = function (q, answer) {
  if (!answer) return "not answered";
  if (q.type === "matching" && answer.indexOf("_") >= 0) return "not every item has a match";
  if (q.type === "numeric" && parseNumber(answer) === null) return "the answer is not a number";
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
  fieldset.querySelector(".cb-order__status").textContent = item.querySelector(".cb-order__text").textContent +
    ": position " + position + " of " + items.length + ".";
  this.onChange({ target: list });
};

Quiz.prototype.onChange = function (event) {
  var fieldset = event.target.closest(".cb-question");
  if (fieldset) this.changed[fieldset.getAttribute("data-cb-question")] = Date.now();
  this.progress.answer(this.key.id, this.answers());
};

Quiz.prototype.onSubmit = function (event) {
  event.preventDefault();
  var self = this, answers = this.answers();
  var unanswered = this.active.filter(function (q) { return self.incomplete(q, answers[q.id]); });
  if (unanswered.length) {
    var reasons = unanswered.map(function (q) {
      return "question " + (self.active.indexOf(q) + 1) + " (" + self.incomplete(q, answers[q.id]) + ")";
    });
    this.result.textContent = "Please answer every question before checking: " + reasons.join(", ") + ".";
    this.fieldset(unanswered[0].id).querySelector("input, select, button").focus();
    return;
  }
  var now = Date.now(), latencies = {};
  this.active.forEach(function (q) { latencies[q.id] = (self.changed[q.id] || now) - self.started; });
  var result = this.progress.submit(this.key.id, answers, latencies);
  this.showResult(result);
};

Quiz.prototype.showResult = function (result) {
  var self = this;
  result.questions.forEach(function (r) { self.showFeedback(r); });
  this.form.querySelectorAll("input, select, .cb-order button").forEach(function (input) { input.disabled = true; });
  this.submitButton.hidden = true;
  this.retryButton.hidden = this.startingPoint();   // a retake would hide where the learner started
  this.result.innerHTML = "";
  var summary = document.createElement("p");
  var earned = "You earned " + result.points + " of " + result.max + " points (" + Math.round(result.score) + "%).";
  if (this.startingPoint()) {
    summary.className = "cb-quiz__summary";
    summary.textContent = "Done. " + earned + " This is your starting point: the final assessment shows " +
      "what you have gained, objective by objective. Read the feedback under each question before you go on.";
  } else {
    summary.className = "cb-quiz__summary " + (result.passed ? "cb-passed" : "cb-failed");
    summary.textContent = (result.passed ? "Passed. " : "Not passed yet. ") + earned + " The pass mark is " +
      this.key.passingScore + "%." + (result.passed ? "" : " Read the feedback under each question, then try again.");
  }
  this.result.appendChild(summary);
  if (this.key.kind === "final-assessment") this.showGain();
};

/* After the final assessment: each objective before the course and now. */
Quiz.prototype.showGain = function () {
  var rows = this.progress.gain().filter(function (r) { return r.before !== null && r.after !== null; });
  if (!rows.length) return;
  var pct = function (v) { return Math.round(v) + "%"; };
  var table = document.createElement("table");
  table.className = "cb-gain";
  table.innerHTML = "<caption>Your progress per objective: before the course and in this assessment</caption>" +
    "<thead><tr><th scope=\"col\">Objective</th><th scope=\"col\">Before</th><th scope=\"col\">Now</th>" +
    "<th scope=\"col\">Change</th></tr></thead>";
  var body = document.createElement("tbody");
  rows.forEach(function (r) {
    var tr = document.createElement("tr");
    var change = Math.round(r.after - r.before);
    [r.title, pct(r.before), pct(r.after), (change > 0 ? "+" : "") + change + " points"].forEach(function (text, i) {
      var cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.scope = "row";
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
  verdict.textContent = r.correct ? "\u2714 Correct." : r.share > 0 ? "\u25D0 Partly correct: " + r.earned + " of " +
    r.max + " points." : "\u2716 Incorrect.";
  box.appendChild(verdict);
  if (words.rightAnswer !== undefined) {
    this.showTypedFeedback(question, words, right, r, fieldset, box);
  } else {
    this.showChoiceFeedback(words, right, r, fieldset, box);
  }
  var explanation = document.createElement("p");
  explanation.className = "cb-explanation";
  explanation.innerHTML = "<strong>Why:</strong> " + words.explanation;
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
    el.textContent = right ? "\u2714 right" : "\u2716 not right";
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
  r.letters.split("").forEach(function (choiceId) {
    var p = document.createElement("p");
    p.className = "cb-choice-feedback";
    p.innerHTML = words.feedback[choiceId];
    box.appendChild(p);
  });
  if (!r.correct) {
    var answer = document.createElement("p");
    answer.className = "cb-right-answer";
    answer.textContent = (right.length > 1 ? "Right answers: " : "Right answer: ") +
      right.split("").map(function (choiceId) {
        return fieldset.querySelector('[data-cb-choice="' + choiceId + '"] label').textContent;
      }).join("; ") + ".";
    box.appendChild(answer);
  }
};

Quiz.prototype.clear = function () {
  this.form.reset();
  this.form.querySelectorAll("input, select, .cb-order button").forEach(function (input) { input.disabled = false; });
  all(this.form, ".cb-match__mark, .cb-order__mark, .cb-order__status").forEach(function (el) { el.textContent = ""; });
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
  if (view.best) {
    var note = document.createElement("p");
    note.className = "cb-quiz__earlier";
    note.textContent = "Your best result so far: " + Math.round(view.best.score) + "%" +
      (this.startingPoint() ? "" : " (" + (view.best.passed ? "passed" : "not passed yet") + ")") +
      ", after " + view.attempts + " attempt" + (view.attempts === 1 ? "" : "s") + ".";
    this.section.insertBefore(note, this.form);
  }
};

/* Put a stored answer back on screen. */
Quiz.prototype.show = function (fieldset, answer) {
  var type = fieldset.getAttribute("data-type");
  if (type === "fill-in" || type === "numeric") {
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
