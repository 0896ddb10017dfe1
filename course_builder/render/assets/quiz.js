/* The quizzes rendered by the `::quiz[...]` Markdown syntax: grading through CourseBuilder.progress
 * (so the LMS hears of it), feedback that screen readers announce, and the learner's answers kept
 * as they go, so a relaunch mid-quiz or after it shows them again rather than asking again. */
(function (CB) {
  "use strict";

  function shuffleChildren(container) {
    var items = Array.prototype.slice.call(container.children);
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = items[i]; items[i] = items[j]; items[j] = tmp;
    }
    items.forEach(function (item) { container.appendChild(item); });
  }

  function Quiz(section) {
    this.section = section;
    this.key = JSON.parse(section.querySelector(".cb-quiz__key").textContent);
    this.form = section.querySelector("form");
    this.result = section.querySelector(".cb-quiz__result");
    this.retryButton = section.querySelector(".cb-quiz__retry");
    this.submitButton = section.querySelector(".cb-quiz__submit");
    if (this.key.shuffle) section.querySelectorAll(".cb-choices").forEach(shuffleChildren);
    this.started = Date.now();
    this.changed = {};
    this.applyDraw(CB.progress.drawn(this.key.id));
    this.form.addEventListener("submit", this.onSubmit.bind(this));
    this.form.addEventListener("change", this.onChange.bind(this));
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
    if (meta) meta.textContent = total + " question" + (total === 1 ? "" : "s") + ". Pass mark: " + this.key.passingScore + "%.";
  };

  Quiz.prototype.fieldset = function (questionId) {
    return this.section.querySelector('[data-cb-question="' + questionId + '"]');
  };

  Quiz.prototype.answers = function () {
    var answers = {};
    this.section.querySelectorAll(".cb-question:not([hidden])").forEach(function (fieldset) {
      var letters = Array.prototype.slice.call(fieldset.querySelectorAll("input:checked"))
        .map(function (input) { return input.value; }).sort().join("");
      if (letters) answers[fieldset.getAttribute("data-cb-question")] = letters;
    });
    return answers;
  };

  Quiz.prototype.onChange = function (event) {
    var fieldset = event.target.closest(".cb-question");
    if (fieldset) this.changed[fieldset.getAttribute("data-cb-question")] = Date.now();
    CB.progress.answer(this.key.id, this.answers());
  };

  Quiz.prototype.onSubmit = function (event) {
    event.preventDefault();
    var self = this, answers = this.answers();
    var unanswered = this.active.filter(function (q) { return !answers[q.id]; });
    if (unanswered.length) {
      var numbers = unanswered.map(function (q) { return self.active.indexOf(q) + 1; });
      this.result.textContent = "Please answer every question before checking. Not yet answered: question " +
        numbers.join(", ") + ".";
      this.fieldset(unanswered[0].id).querySelector("input").focus();
      return;
    }
    var now = Date.now(), latencies = {};
    this.active.forEach(function (q) { latencies[q.id] = (self.changed[q.id] || now) - self.started; });
    var result = CB.progress.submit(this.key.id, answers, latencies);
    this.showResult(result);
  };

  Quiz.prototype.showResult = function (result) {
    var self = this;
    result.questions.forEach(function (r) { self.showFeedback(r); });
    this.form.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
    this.submitButton.hidden = true;
    this.retryButton.hidden = false;
    this.result.innerHTML = "";
    var summary = document.createElement("p");
    summary.className = "cb-quiz__summary " + (result.passed ? "cb-passed" : "cb-failed");
    summary.textContent = (result.passed ? "Passed. " : "Not passed yet. ") + "You answered " + result.points +
      " of " + result.max + " points correctly (" + Math.round(result.score) + "%). The pass mark is " +
      this.key.passingScore + "%." + (result.passed ? "" : " Read the feedback under each question, then try again.");
    this.result.appendChild(summary);
    if (this.key.kind === "final-assessment") this.showGain();
  };

  /* After the final assessment: each objective before the course and now. */
  Quiz.prototype.showGain = function () {
    var rows = CB.progress.gain().filter(function (r) { return r.before !== null && r.after !== null; });
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

  Quiz.prototype.showFeedback = function (r) {
    var question = this.key.questions.filter(function (q) { return q.id === r.question.id; })[0];
    var fieldset = this.fieldset(question.id);
    var box = fieldset.querySelector(".cb-question__feedback");
    fieldset.classList.remove("cb-correct", "cb-incorrect");
    fieldset.classList.add(r.correct ? "cb-correct" : "cb-incorrect");
    box.innerHTML = "";
    // The verdict is words and an icon, never colour alone.
    var verdict = document.createElement("p");
    verdict.className = "cb-verdict";
    verdict.textContent = r.correct ? "\u2714 Correct." : "\u2716 Incorrect.";
    box.appendChild(verdict);
    r.letters.split("").forEach(function (choiceId) {
      var p = document.createElement("p");
      p.className = "cb-choice-feedback";
      p.innerHTML = question.feedback[choiceId];
      box.appendChild(p);
    });
    if (!r.correct) {
      var answer = document.createElement("p");
      answer.className = "cb-right-answer";
      answer.textContent = (question.correct.length > 1 ? "Right answers: " : "Right answer: ") +
        question.correct.map(function (choiceId) {
          return fieldset.querySelector('[data-cb-choice="' + choiceId + '"] label').textContent;
        }).join("; ") + ".";
      box.appendChild(answer);
    }
    var explanation = document.createElement("p");
    explanation.className = "cb-explanation";
    explanation.innerHTML = "<strong>Why:</strong> " + question.explanation;
    box.appendChild(explanation);
    box.hidden = false;
    fieldset.setAttribute("aria-describedby", box.id);
  };

  Quiz.prototype.clear = function () {
    this.form.reset();
    this.form.querySelectorAll("input").forEach(function (input) { input.disabled = false; });
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
    if (this.key.shuffle) this.section.querySelectorAll(".cb-choices").forEach(shuffleChildren);
    this.started = Date.now();
    this.changed = {};
    CB.progress.retry(this.key.id);
    this.applyDraw(CB.progress.drawn(this.key.id));
    this.form.querySelector(".cb-question:not([hidden]) input").focus();
  };

  /* A learner coming back finds the quiz as they left it: answers in progress, or graded. */
  Quiz.prototype.restore = function () {
    var view = CB.progress.quizView(this.key.id);
    if (!view) return;
    var self = this;
    Object.keys(view.answers).forEach(function (questionId) {
      var fieldset = self.fieldset(questionId);
      if (!fieldset) return;
      view.answers[questionId].split("").forEach(function (letter) {
        var input = fieldset.querySelector('input[value="' + letter + '"]');
        if (input) input.checked = true;
      });
    });
    if (view.submitted) this.showResult(view.current);
    if (view.best) {
      var note = document.createElement("p");
      note.className = "cb-quiz__earlier";
      note.textContent = "Your best result so far: " + Math.round(view.best.score) + "% (" +
        (view.best.passed ? "passed" : "not passed yet") + "), after " + view.attempts + " attempt" +
        (view.attempts === 1 ? "" : "s") + ".";
      this.section.insertBefore(note, this.form);
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cb-quiz").forEach(function (section) { new Quiz(section); });
  });
})(window.CourseBuilder = window.CourseBuilder || {});
