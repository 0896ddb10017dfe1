/* Grades the quizzes rendered by the `::quiz[...]` Markdown syntax, shows feedback that screen
 * readers announce, and reports each result to CourseBuilder.progress. */
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

  function selected(fieldset) {
    return Array.prototype.slice.call(fieldset.querySelectorAll("input:checked"))
      .map(function (input) { return input.value; }).sort();
  }

  function sameSet(a, b) {
    return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
  }

  function Quiz(section) {
    this.section = section;
    this.key = JSON.parse(section.querySelector(".cb-quiz__key").textContent);
    this.form = section.querySelector("form");
    this.result = section.querySelector(".cb-quiz__result");
    this.retry = section.querySelector(".cb-quiz__retry");
    this.submit = section.querySelector(".cb-quiz__submit");
    if (this.key.shuffle) {
      section.querySelectorAll(".cb-choices").forEach(shuffleChildren);
    }
    this.form.addEventListener("submit", this.grade.bind(this));
    this.retry.addEventListener("click", this.reset.bind(this));
    this.showEarlier();
  }

  Quiz.prototype.fieldset = function (questionId) {
    return this.section.querySelector('[data-cb-question="' + questionId + '"]');
  };

  Quiz.prototype.grade = function (event) {
    event.preventDefault();
    var self = this;
    var unanswered = this.key.questions.filter(function (q) {
      return selected(self.fieldset(q.id)).length === 0;
    });
    if (unanswered.length) {
      var first = this.fieldset(unanswered[0].id);
      var numbers = unanswered.map(function (q) {
        return self.key.questions.indexOf(q) + 1;
      });
      this.result.textContent = "Please answer every question before checking. Not yet answered: question " +
        numbers.join(", ") + ".";
      first.querySelector("input").focus();
      return;
    }
    var points = 0, max = 0, answers = {};
    this.key.questions.forEach(function (q) {
      var fieldset = self.fieldset(q.id);
      var chosen = selected(fieldset);
      var right = sameSet(chosen, q.correct.slice().sort());
      max += q.points;
      if (right) points += q.points;
      answers[q.id] = chosen;
      self.showFeedback(fieldset, q, chosen, right);
    });
    var score = Math.round((points / max) * 10000) / 100;
    var passed = score >= this.key.passingScore;
    this.form.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
    this.submit.hidden = true;
    this.retry.hidden = false;
    this.result.innerHTML = "";
    var summary = document.createElement("p");
    summary.className = "cb-quiz__summary " + (passed ? "cb-passed" : "cb-failed");
    summary.textContent = (passed ? "Passed. " : "Not passed yet. ") + "You answered " + points + " of " + max +
      " points correctly (" + Math.round(score) + "%). The pass mark is " + this.key.passingScore + "%." +
      (passed ? "" : " Read the feedback under each question, then try again.");
    this.result.appendChild(summary);
    CB.progress.recordQuiz(this.key.id, { points: points, max: max, score: score, passed: passed, answers: answers });
  };

  Quiz.prototype.showFeedback = function (fieldset, question, chosen, right) {
    var box = fieldset.querySelector(".cb-question__feedback");
    fieldset.classList.add(right ? "cb-correct" : "cb-incorrect");
    box.innerHTML = "";
    // The verdict is words and an icon, never colour alone.
    var verdict = document.createElement("p");
    verdict.className = "cb-verdict";
    verdict.textContent = right ? "\u2714 Correct." : "\u2716 Incorrect.";
    box.appendChild(verdict);
    chosen.forEach(function (choiceId) {
      var p = document.createElement("p");
      p.className = "cb-choice-feedback";
      p.innerHTML = question.feedback[choiceId];
      box.appendChild(p);
    });
    if (!right) {
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

  Quiz.prototype.reset = function () {
    this.form.reset();
    this.form.querySelectorAll("input").forEach(function (input) { input.disabled = false; });
    this.section.querySelectorAll(".cb-question").forEach(function (fieldset) {
      fieldset.classList.remove("cb-correct", "cb-incorrect");
      fieldset.removeAttribute("aria-describedby");
      var box = fieldset.querySelector(".cb-question__feedback");
      box.hidden = true;
      box.innerHTML = "";
    });
    if (this.key.shuffle) this.section.querySelectorAll(".cb-choices").forEach(shuffleChildren);
    this.submit.hidden = false;
    this.retry.hidden = true;
    this.result.textContent = "";
    this.form.querySelector("input").focus();
  };

  /* A learner coming back sees how the quiz went before. */
  Quiz.prototype.showEarlier = function () {
    var earlier = CB.progress.state().quizzes[this.key.id];
    if (!earlier) return;
    var note = document.createElement("p");
    note.className = "cb-quiz__earlier";
    note.textContent = "Your best result so far: " + Math.round(earlier.score) + "% (" +
      (earlier.passed ? "passed" : "not passed yet") + "). You can take the quiz again.";
    this.section.insertBefore(note, this.form);
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cb-quiz").forEach(function (section) { new Quiz(section); });
  });
})(window.CourseBuilder = window.CourseBuilder || {});
