/* What SCORM 1.2 and SCORM 2004 4th Edition call things and how they write values: element names,
 * the status a course summary becomes, objectives and interactions (questions and choices in letters
 * for 1.2, in words for 2004), time spans. Plain functions: sco.js sends what these return. */
import { answerKey, names, parseNumber } from "./grading.js";

function pad(n, width) {
  var s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}

function timeOfDay(date) {
  return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
}

function centiseconds(ms) { return Math.max(0, Math.round(ms / 10)); }

/* Each edition's element names and formats. */
var EDITIONS = {
  scorm12: {
    apiName: "API",
    call: { init: "LMSInitialize", term: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
            commit: "LMSCommit", error: "LMSGetLastError" },
    el: { entry: "cmi.core.entry", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
          sessionTime: "cmi.core.session_time", suspendData: "cmi.suspend_data",
          mode: "cmi.core.lesson_mode", credit: "cmi.core.credit", mastery: "cmi.student_data.mastery_score" },
    // 1.2 LMSs differ in what cmi.core.entry says on a later launch or after a reload (Moodle
    // keeps "ab-initio" for the rest of the attempt), and reading suspend_data is harmless.
    hasStoredData: function () { return true; },
    alreadyInitialized: null, sessionEnded: null,   // 1.2 has one code (101) for every failure
    masteryPercent: function (value) { return value === "" ? null : parseFloat(value); },
    duration: function (ms) {  // CMITimespan HHHH:MM:SS.SS
      var cs = centiseconds(ms);
      return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" +
        pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
    },
    status: function (summary, reporting, credit) {
      var failed = summary.passed === false, passed = summary.passed === true;
      var value;
      if (credit === "no-credit") value = summary.complete ? "completed" : "incomplete";
      else if (reporting === "passed-incomplete") value = summary.complete && !failed ? (passed ? "passed" : "completed") : "incomplete";
      else if (reporting === "completed-incomplete") value = summary.complete ? "completed" : "incomplete";
      else if (reporting === "completed-failed") value = failed ? "failed" : summary.complete ? "completed" : "incomplete";
      else value = failed ? "failed" : summary.complete ? (passed ? "passed" : "completed") : "incomplete";
      var values = [["cmi.core.lesson_status", value]];
      if (summary.score !== null && credit !== "no-credit") {
        values.push(["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", String(summary.score)]);
      }
      return values;
    },
    // A record's fields, each [name under cmi.objectives.n., value]; the caller sets the id.
    objective: function (objective) {
      var values = [];
      if (objective.score !== null) values.push(["score.min", "0"], ["score.max", "100"], ["score.raw", String(objective.score)]);
      values.push(["status", objective.status]);
      return values;
    },
    interaction: function (quiz, r, latencyMs, when) {
      var q = r.question;
      var values = [
        ["objectives.0.id", q.objective],
        ["time", timeOfDay(when)],
        ["type", interactionType(q)]
      ];
      responses12.correct(q, answerKey(quiz, q)).forEach(function (pattern, i) { values.push(["correct_responses." + i + ".pattern", pattern]); });
      return values.concat([
        ["weighting", String(q.points)],
        ["student_response", responses12.given(q, r.letters)],
        ["result", result(r, "wrong")],
        ["latency", this.duration(latencyMs)]
      ]);
    }
  },
  scorm2004: {
    apiName: "API_1484_11",
    call: { init: "Initialize", term: "Terminate", get: "GetValue", set: "SetValue",
            commit: "Commit", error: "GetLastError" },
    el: { entry: "cmi.entry", location: "cmi.location", exit: "cmi.exit",
          sessionTime: "cmi.session_time", suspendData: "cmi.suspend_data",
          mode: "cmi.mode", credit: "cmi.credit", mastery: "cmi.scaled_passing_score" },
    // Reading an element never set is error 403 in 2004: only a resumed attempt has data.
    hasStoredData: function (entry) { return entry === "resume"; },
    alreadyInitialized: 103, sessionEnded: 104,
    masteryPercent: function (value) { return value === "" ? null : parseFloat(value) * 100; },
    duration: function (ms) {  // ISO 8601: PT1H2M3.5S
      var cs = centiseconds(ms), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
      return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + ((cs % 6000) / 100) + "S";
    },
    status: function (summary, reporting, credit) {
      var success = summary.passed === true ? "passed" : "unknown";
      if (summary.passed === false && /-failed$/.test(reporting)) success = "failed";
      var values = [["cmi.completion_status", summary.complete ? "completed" : "incomplete"],
        ["cmi.progress_measure", String(progressMeasure(summary))]];
      if (credit !== "no-credit") {
        values.push(["cmi.success_status", success]);
        if (summary.score !== null) {
          values.push(["cmi.score.min", "0"], ["cmi.score.max", "100"], ["cmi.score.raw", String(summary.score)],
            ["cmi.score.scaled", String(Math.round(summary.score * 100) / 10000)]);
        }
      }
      return values;
    },
    objective: function (objective) {
      var values = [];
      if (objective.score !== null) {
        values.push(["score.min", "0"], ["score.max", "100"], ["score.raw", String(objective.score)],
          ["score.scaled", String(Math.round(objective.score * 100) / 10000)]);
      }
      values.push(["success_status", objective.status === "passed" ? "passed" : objective.status === "failed" ? "failed" : "unknown"],
        ["completion_status", objective.status === "incomplete" ? "incomplete" : "completed"]);
      return values;
    },
    /* The primary objective (the manifest's, what the course score measures) follows the course. */
    primaryObjective: function (summary, course) {
      return {
        id: course.primaryObjective, score: summary.score,
        status: summary.passed === true ? "passed" : summary.passed === false ? "failed" :
          summary.complete ? "completed" : "not attempted"
      };
    },
    interaction: function (quiz, r, latencyMs, when) {
      var q = r.question;
      var iso = when.getFullYear() + "-" + pad(when.getMonth() + 1, 2) + "-" + pad(when.getDate(), 2) + "T" + timeOfDay(when);
      var values = [
        ["type", interactionType(q)],
        ["objectives.0.id", q.objective],
        ["timestamp", iso],
        ["weighting", String(q.points)]
      ];
      var byLetter = names(quiz, q);
      responses2004.correct(q, answerKey(quiz, q), byLetter).forEach(function (pattern, i) { values.push(["correct_responses." + i + ".pattern", pattern]); });
      values.push(
        ["learner_response", responses2004.given(q, r.letters, byLetter)],
        ["result", result(r, "incorrect")],
        ["latency", this.duration(latencyMs)]
      );
      if (typeof q.description === "string") values.push(["description", q.description]);
      return values;
    }
  }
};

/* SCORM's interaction type for each of our question types (a simulation step is a choice). */
function interactionType(q) {
  return { "true-false": "true-false", "fill-in": "fill-in", numeric: "numeric", matching: "matching",
    ordering: "sequencing" }[q.type] || "choice";
}

/* "correct", "wrong"/"incorrect", the share earned for partial credit, or "neutral" for a
 * simulation step where every choice is worth the same. */
function result(r, wrong) {
  if (!r.max && r.question.type === "step") return "neutral";
  if (r.correct) return "correct";
  return r.share > 0 ? String(Math.round(r.share * 100) / 100) : wrong;
}

function typedNumber(text) {
  var n = parseNumber(text);
  return n === null ? "0" : String(n);
}

/* Patterns and responses, SCORM 1.2: single characters joined by "," (choice letters a-z). The
 * correct ones come from the question's answer key (key: {correct}, {accept} or {low, high}),
 * which the tracker opens only here, once the learner has submitted. */
var responses12 = {
  correct: function (q, key) {
    switch (q.type) {
      case "step": return key.correct.split("");   // any best choice is right: one pattern each
      case "fill-in": return key.accept.slice(0, 5).map(function (t) { return t.slice(0, 255); });
      case "numeric": return [String(Math.round(((key.low + key.high) / 2) * 1e6) / 1e6)];
      case "matching": return [pairs(key.correct, function (premise, target) { return premise + "." + target; }, ",")];
      default: return [key.correct.split("").join(",")];
    }
  },
  given: function (q, answer) {
    switch (q.type) {
      case "fill-in": return answer.slice(0, 255);
      case "numeric": return typedNumber(answer);
      case "matching": return pairs(answer, function (premise, target) { return premise + "." + target; }, ",");
      default: return answer.split("").join(",");
    }
  }
};

/* SCORM 2004: choices, premises and entries by name ("accounts-payable"), so a report reads like the quiz.
 * `names`: the question's {choices, items} by letter (grading.js names). */
var responses2004 = {
  correct: function (q, key, names) {
    var words = function (letters, byLetter) { return letters.split("").map(function (c) { return named(byLetter, c); }).join("[,]"); };
    switch (q.type) {
      case "step": return key.correct.split("").slice(0, 10).map(function (c) { return named(names.choices, c); });
      case "fill-in": return key.accept.slice(0, 5).map(function (t) { return "{case_matters=" + !!q.caseSensitive + "}" + t; });
      case "numeric": return [key.low + "[:]" + key.high];
      case "matching": return [pairs(key.correct, function (premise, target) { return named(names.items, premise) + "[.]" + named(names.choices, target); }, "[,]")];
      case "ordering": return [words(key.correct, names.items)];
      default: return [words(key.correct, names.choices)];
    }
  },
  given: function (q, answer, names) {
    switch (q.type) {
      case "fill-in": return answer;
      case "numeric": return typedNumber(answer);
      case "matching": return pairs(answer, function (premise, target) { return named(names.items, premise) + "[.]" + named(names.choices, target); }, "[,]");
      case "ordering": return answer.split("").map(function (c) { return named(names.items, c); }).join("[,]");
      default: return answer.split("").map(function (c) { return named(names.choices, c); }).join("[,]");
    }
  }
};

/* A choice's name; its letter (a valid short identifier too) where the report words are missing. */
function named(byLetter, letter) {
  return byLetter[letter] || letter;
}

/* A matching answer ("ba_": target per premise, "_" unanswered) as source/target pairs. */
function pairs(answer, pair, separator) {
  var out = [];
  answer.split("").forEach(function (target, i) {
    if (target !== "_") out.push(pair("abcdefghijklmnopqrstuvwxyz".charAt(i), target));
  });
  return out.join(separator);
}

function progressMeasure(summary) {
  var total = summary.lessonsTotal + summary.quizzesRequired;
  if (!total) return 1;
  return Math.round(((summary.lessonsVisited + summary.quizzesPassed) / total) * 100) / 100;
}

export { EDITIONS, interactionType, result, progressMeasure };
