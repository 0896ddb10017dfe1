/* The simulations rendered by the `::simulation[...]` Markdown syntax: a conversation played one turn
 * at a time. The other party's line, then the learner's choices as buttons; each choice adds the
 * learner's words, feedback (in words and an icon, never colour alone) and the next line to a
 * transcript that screen readers hear as a live log. Choices are kept through the page's progress (progress.js)
 * after every turn, so a relaunch mid-call replays the transcript; an ending is graded like a quiz. */
import { reveal } from "./grading.js";
import { formatNumber, language, t, tHtml, tn } from "./messages.js";

function element(tag, className, html) {
  var el = document.createElement(tag);
  if (className) el.className = className;
  if (html !== undefined) el.innerHTML = html;
  return el;
}

/* A random order: each item sorted by a random key. */
function shuffled(items) {
  return items.map(function (item) { return { item: item, key: Math.random() }; })
    .sort(function (a, b) { return a.key - b.key; }).map(function (entry) { return entry.item; });
}

/* How a choice compares with the best one at its step, in words. */
function verdict(points, best) {
  // TRANSLATORS: the verdict on a choice at a step where no choice scores points
  if (!best) return { kind: "neutral", icon: "\u2022", words: t("simulation.noted", "Noted") };
  // TRANSLATORS: the verdict on a choice in a simulated call: the best one at that step
  if (points >= best) return { kind: "best", icon: "\u2714", words: t("simulation.best", "Best choice") };
  // TRANSLATORS: the verdict on a choice: it earns some points, not all
  if (points > 0) return { kind: "acceptable", icon: "\u25D0", words: t("simulation.acceptable", "Acceptable") };
  // TRANSLATORS: the verdict on a choice: it earns no points
  return { kind: "weak", icon: "\u2716", words: t("simulation.weak", "Weak") };
}

function Simulation(section, progress) {
  this.progress = progress;
  this.section = section;
  this.key = JSON.parse(section.querySelector(".cb-sim__key").textContent);
  this.player = section.querySelector(".cb-sim__player");
  this.transcript = section.querySelector(".cb-sim__transcript");
  this.turn = section.querySelector(".cb-sim__turn");
  this.prompt = section.querySelector(".cb-sim__prompt");
  this.choices = section.querySelector(".cb-sim__choices");
  this.end = section.querySelector(".cb-sim__end");
  this.restartButton = section.querySelector(".cb-sim__restart");
  this.choices.addEventListener("click", this.onChoice.bind(this));
  this.restartButton.addEventListener("click", this.onRestart.bind(this));
  this.player.hidden = false;
  this.restore();
}

Simulation.prototype.reset = function () {
  this.answers = {};      // step id -> letters chosen there, in visit order (what the tracker stores)
  this.used = {};         // step id -> decisions made there
  this.latencies = {};    // step id -> milliseconds the learner took at its last visit
  this.decisions = 0;
  this.at = this.key.start;
  this.transcript.innerHTML = "";
  this.end.hidden = true;
  this.restartButton.hidden = true;
};

Simulation.prototype.add = function (className, html) {
  var li = element("li", "cb-sim__entry " + className, html);
  this.transcript.appendChild(li);
  return li;
};

Simulation.prototype.who = function (name, words) {
  // TRANSLATORS: who speaks in the transcript, before their words: "Dana Ruiz:"
  return '<span class="cb-sim__who">' + t("simulation.who", "{name}:", { name: name }) + "</span> " + '<span class="cb-sim__words">' + words + "</span>";
};

/* Arrive at a step or an ending: its lines go into the transcript, then its choices or the debrief.
 * Returns true when the conversation has ended. */
Simulation.prototype.arrive = function (target) {
  this.at = target;
  var step = this.key.steps[target];
  if (!step) return this.finish(reveal(this.key.id, target, this.key.endings[target], "ending"), false);
  if ((this.used[target] || 0) >= this.key.visitLimit) return this.finish(null, true);
  if (step.situation) this.add("cb-sim__entry--situation", step.situation);
  if (step.says) this.add("cb-sim__entry--party", this.who(this.key.party, step.says));
  return false;
};

/* The choices of the step the learner is at, in a random order, as buttons. */
Simulation.prototype.showTurn = function () {
  var step = this.key.steps[this.at], self = this;
  this.turn.hidden = false;
  var turn = { turn: formatNumber(this.decisions + 1) };
  this.prompt.textContent = this.key.kind === "call" ? t("simulation.turn-say", "Turn {turn}: what do you say?", turn) :
    t("simulation.turn-do", "Turn {turn}: what do you do?", turn);
  this.choices.innerHTML = "";
  shuffled(step.choices).forEach(function (choice) {
    var button = element("button", "cb-sim__choice", choice.text);
    button.type = "button";
    button.setAttribute("data-cb-choice", choice.id);
    self.choices.appendChild(button);
  });
  this.arrived = Date.now();
};

/* Record a decision: the learner's words and the feedback go into the transcript. */
Simulation.prototype.decide = function (letter) {
  var step = this.key.steps[this.at];
  var choice = step.choices.filter(function (c) { return c.id === letter; })[0];
  // Points and feedback travel sealed (simulation_markdown.py): opened once the choice is made.
  var opened = reveal(this.key.id, this.at, choice.sealed, "choice " + letter);
  this.answers[this.at] = (this.answers[this.at] || "") + letter;
  this.used[this.at] = (this.used[this.at] || 0) + 1;
  this.decisions += 1;
  // TRANSLATORS: the learner, as the transcript names them before their words
  this.add("cb-sim__entry--you", this.who(t("simulation.you", "You"), choice.text));
  var v = verdict(opened.points, step.best);
  var li = this.add("cb-sim__entry--feedback cb-sim__entry--" + v.kind, "");
  var head = element("p", "cb-sim__verdict");
  head.appendChild(element("span", "cb-sim__icon", v.icon)).setAttribute("aria-hidden", "true");
  head.appendChild(document.createTextNode(" " + (step.best ? tn("simulation.verdict-points", "{verdict}: {points} of {count} point.",
    "{verdict}: {points} of {count} points.", step.best, { verdict: v.words, points: formatNumber(opened.points) }) :
    t("simulation.verdict", "{verdict}.", { verdict: v.words }))));
  li.appendChild(head);
  li.appendChild(element("p", "cb-sim__feedback", opened.feedback));
  return choice.next;
};

Simulation.prototype.onChoice = function (event) {
  var button = event.target.closest(".cb-sim__choice");
  if (!button) return;
  var stepId = this.at;
  this.latencies[stepId] = Date.now() - this.arrived;
  var ended = this.arrive(this.decide(button.getAttribute("data-cb-choice")));
  this.restartButton.hidden = false;
  if (ended) {
    this.showResult(this.progress.submit(this.key.id, this.answers, this.latencies));
    this.end.querySelector(".cb-sim__ending-title").focus();
  } else {
    this.progress.answer(this.key.id, this.answers);
    this.showTurn();
    this.prompt.focus();
  }
};

/* What ends a conversation that runs in circles, for a call and for an exchange of letters. */
function circledWords(kind, ordinalText) {
  var values = { ordinal: ordinalText };
  if (kind === "call") {
    return {
      line: t("simulation.circled-call-line", "You are back at the same point for the {ordinal} time, so the call ends here.", values),
      title: t("simulation.circled-call-title", "The call ran in circles"),
      debrief: t("simulation.circled-call-debrief", "The call kept coming back to the same point without moving forward. Read the feedback in the transcript: the choices that led back here did not get you closer to an agreement. Restart the call and try a different approach.")
    };
  }
  return {
    line: t("simulation.circled-exchange-line", "You are back at the same point for the {ordinal} time, so the exchange ends here.", values),
    title: t("simulation.circled-exchange-title", "The exchange ran in circles"),
    debrief: t("simulation.circled-exchange-debrief", "The exchange kept coming back to the same point without moving forward. Read the feedback in the transcript: the choices that led back here did not get you closer to an agreement. Restart the exchange and try a different approach.")
  };
}

/* An ending (or the visit limit): the debrief replaces the choices. */
Simulation.prototype.finish = function (ending, circled) {
  if (circled) {
    var words = circledWords(this.key.kind, ordinal(this.key.visitLimit + 1));
    this.add("cb-sim__entry--situation", "").textContent = words.line;
    ending = { title: words.title, debrief: "<p></p>" };
  }
  this.turn.hidden = true;
  this.choices.innerHTML = "";
  this.end.hidden = false;
  // {title} is the trainer's HTML (inline_html); the words around it are text, even when overridden.
  this.end.querySelector(".cb-sim__ending-title").innerHTML = tHtml("simulation.ending", "Ending: {title}", { title: ending.title });
  this.end.querySelector(".cb-sim__debrief").innerHTML = ending.debrief;
  if (circled) this.end.querySelector(".cb-sim__debrief p").textContent = words.debrief;
  this.restartButton.hidden = false;
  return true;
};

/* "4th": the language's ordinal, by its ordinal plural rules. */
function ordinal(n) {
  var category = "other";
  try { category = new Intl.PluralRules(language(), { type: "ordinal" }).select(n); } catch (e) { category = "other"; }
  var values = { count: formatNumber(n) };
  // TRANSLATORS: ordinal numbers ("for the 4th time"): 1st, 21st...; languages with one form use only the "-other" key
  if (category === "one") return t("simulation.ordinal-one", "{count}st", values);
  if (category === "two") return t("simulation.ordinal-two", "{count}nd", values);
  if (category === "few") return t("simulation.ordinal-few", "{count}rd", values);
  return t("simulation.ordinal-other", "{count}th", values);
}

Simulation.prototype.showResult = function (result) {
  var score = this.end.querySelector(".cb-sim__score");
  score.className = "cb-sim__score " + (result.passed ? "cb-passed" : "cb-failed");
  var values = { points: formatNumber(result.points), percent: formatNumber(Math.round(result.score)), pass: formatNumber(this.key.passingScore) };
  score.textContent = result.passed ?
    tn("simulation.passed", "Passed. You earned {points} of {count} point ({percent}%). Pass mark {pass}%.",
      "Passed. You earned {points} of {count} points ({percent}%). Pass mark {pass}%.", result.max, values) :
    tn("simulation.not-passed", "Not passed yet. You earned {points} of {count} point ({percent}%). Pass mark {pass}%.",
      "Not passed yet. You earned {points} of {count} points ({percent}%). Pass mark {pass}%.", result.max, values);
  var view = this.progress.quizView(this.key.id), best = this.end.querySelector(".cb-sim__best");
  var shown = view && view.best && view.attempts > 1, bestValues = shown ? { percent: formatNumber(Math.round(view.best.score)) } : {};
  best.textContent = !shown ? "" : view.best.passed ?
    tn("simulation.best-passed", "Your best run so far: {percent}% (passed), after {count} run.",
      "Your best run so far: {percent}% (passed), after {count} runs.", view.attempts, bestValues) :
    tn("simulation.best-not-passed", "Your best run so far: {percent}% (not passed yet), after {count} run.",
      "Your best run so far: {percent}% (not passed yet), after {count} runs.", view.attempts, bestValues);
};

Simulation.prototype.onRestart = function () {
  this.progress.retry(this.key.id);
  this.start();
  this.prompt.focus();
};

Simulation.prototype.start = function () {
  this.reset();
  this.arrive(this.key.start);
  this.showTurn();
};

/* A learner coming back finds the conversation as they left it: the choices kept are replayed from
 * the start (at each step, the next letter not yet used), which rebuilds the transcript. */
Simulation.prototype.restore = function () {
  this.start();
  var view = this.progress.quizView(this.key.id);
  if (!view || !Object.keys(view.answers).length) return;
  var kept = view.answers, ended = false;
  while (!ended) {
    var letter = (kept[this.at] || "").charAt(this.used[this.at] || 0);
    var step = this.key.steps[this.at];
    if (!letter || !step.choices.some(function (c) { return c.id === letter; })) break;
    ended = this.arrive(this.decide(letter));
  }
  this.restartButton.hidden = false;
  if (!ended) {
    this.showTurn();
  } else if (view.submitted && view.current) {
    this.showResult(view.current);
  } else {
    this.showResult(this.progress.submit(this.key.id, this.answers, {}));   // ended, but not yet graded
  }
};

export { verdict, ordinal };

/* Every simulation on the page. The handout's copies (print.html) have no key block: the briefing
 * prints, there is nothing to play. */
export function startSimulations(doc, progress) {
  doc.querySelectorAll(".cb-sim").forEach(function (section) {
    if (section.querySelector(".cb-sim__key")) new Simulation(section, progress);
  });
}
