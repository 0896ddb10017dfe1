/* The course's rules applied to a learner state (see state.js): visits, answers, grading, and what
 * they mean for completion, score, pass/fail and each objective. Plain data in, plain data out;
 * storing it is the job of the store in page.js (the LMS via the launcher, or this browser). */
(function (CB) {
  "use strict";
  var course = CB.course;
  var lessonsById = {}, quizzesById = {};
  course.lessons.forEach(function (l) { lessonsById[l.id] = l; });
  course.quizzes.forEach(function (q) { quizzesById[q.id] = q; });

  function quizRecord(state, quiz) {
    return state.quizzes[quiz.key] || CB.state.emptyQuiz();
  }

  /* The questions of one attempt: all of them, or, for a quiz that draws from banks, those drawn. */
  function attemptQuestions(quiz, keys) {
    if (!quiz.draws.length) return quiz.questions;
    return quiz.questions.filter(function (q) { return keys.indexOf(q.key) >= 0; });
  }

  /* A typed number as a learner writes it: "1,050,000", "$86.4", "86.4 %". Null when unreadable. */
  function numberText(text) {
    var t = String(text).replace(/[\s$%]/g, "");
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
    return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? t : null;
  }

  function parseNumber(text) {
    var t = numberText(text);
    return t === null ? null : parseFloat(t);
  }

  /* A typed number exactly, as decimal digits: value = (negative ? -1 : 1) * digits / 10^scale. */
  function decimal(text) {
    var t = numberText(text);
    if (t === null) return null;
    var negative = t.charAt(0) === "-", point = t.indexOf(".");
    if (negative) { t = t.slice(1); point -= 1; }
    var fraction = point < 0 ? "" : t.slice(point + 1).replace(/0+$/, "");
    var digits = ((point < 0 ? t : t.slice(0, point)) + fraction).replace(/^0+/, "");
    return { negative: negative && digits !== "", digits: digits, scale: digits ? fraction.length : 0 };
  }

  /* "40.4", "-3", "0": as answer_key.canonical_number writes a number. */
  function canonicalNumber(d) {
    var digits = d.digits;
    while (digits.length <= d.scale) digits = "0" + digits;
    var whole = digits.slice(0, digits.length - d.scale), fraction = digits.slice(digits.length - d.scale);
    return (d.negative ? "-" : "") + whole + (fraction ? "." + fraction : "");
  }

  /* floor(number / 10^exponent), written as an integer ("-402"): the block of the number at that exponent. */
  function block(d, exponent) {
    var cut = d.scale + exponent, digits = d.digits, whole, rest = "";
    if (cut <= 0) {
      whole = digits ? digits + new Array(1 - cut).join("0") : "0";
    } else {
      whole = digits.slice(0, Math.max(0, digits.length - cut)).replace(/^0+/, "") || "0";
      rest = digits.slice(Math.max(0, digits.length - cut));
    }
    if (!d.negative) return whole;
    if (/[1-9]/.test(rest)) whole = increment(whole);   // floor of a negative number rounds away from 0
    return whole === "0" ? "0" : "-" + whole;
  }

  function increment(digits) {
    var i = digits.length - 1;
    while (i >= 0 && digits.charAt(i) === "9") i--;
    if (i < 0) return "1" + digits.replace(/9/g, "0");
    return digits.slice(0, i) + String(Number(digits.charAt(i)) + 1) + digits.slice(i + 1).replace(/9/g, "0");
  }

  function normalizeText(text, caseSensitive) {
    var t = String(text).trim().replace(/\s+/g, " ");
    return caseSensitive ? t : t.toLowerCase();
  }

  /* The answer key travels as checks (answer_key.py): the first 12 hex digits of SHA-256 of the
   * question's salt, what is checked and the answer. Kept once computed: grading runs often. */
  var checks = {};
  function salt(quizId, questionId) { return quizId + "\n" + questionId + "\n"; }
  function check(quiz, q, what, value) {
    var text = salt(quiz.id, q.id) + what + "\n" + value;
    if (!(text in checks)) checks[text] = CB.digest.hex(text).slice(0, 12);
    return checks[text];
  }
  function checked(list, value) { return list.indexOf(value) >= 0; }

  /* Tokens (answer_key.tokens) stand for letters where their order would give the answer away: the
   * start of SHA-256 of the salt, what is lettered ("entry", "target") and the letter. {token: letter}
   * for the given tokens, found by hashing the letters a, b, c, ... */
  var LETTERS = "abcdefghijklmnopqrstuvwxyz", hashes = {};
  function tokenLetters(quizId, questionId, what, tokens) {
    var found = {}, left = tokens.length;
    for (var i = 0; i < LETTERS.length && left > 0; i++) {
      var text = salt(quizId, questionId) + what + "\n" + LETTERS.charAt(i);
      if (!(text in hashes)) hashes[text] = CB.digest.hex(text);
      for (var t = 0; t < tokens.length; t++) {
        if (!(tokens[t] in found) && hashes[text].indexOf(tokens[t]) === 0) {
          found[tokens[t]] = LETTERS.charAt(i);
          left -= 1;
        }
      }
    }
    return found;
  }

  /* A question's choices and items by letter, as reports need them: a matching question's targets and
   * an ordering question's entries are keyed by token in course-data.js. */
  var named = {};
  function names(quiz, q) {
    var id = quiz.id + "\n" + q.id;
    if (!named[id]) {
      var byLetter = function (what, map) {
        var letters = tokenLetters(quiz.id, q.id, what, Object.keys(map)), out = {};
        Object.keys(map).forEach(function (token) { out[letters[token]] = map[token]; });
        return out;
      };
      named[id] = {
        choices: q.type === "matching" ? byLetter("target", q.choices) : q.choices,
        items: q.type === "ordering" ? byLetter("entry", q.items) : q.items || {}
      };
    }
    return named[id];
  }

  /* How much of a question an answer gets right, from 0 to 1. */
  var CREDIT = {
    choice: function (quiz, q, answer) {
      return answer !== "" && checked(q.answers, check(quiz, q, "answer", answer.split("").sort().join(""))) ? 1 : 0;
    },
    "fill-in": function (quiz, q, answer) {
      var given = normalizeText(answer, q.caseSensitive);
      return given !== "" && checked(q.answers, check(quiz, q, "answer", given)) ? 1 : 0;
    },
    numeric: function (quiz, q, answer) {
      var d = decimal(answer);
      if (d === null) return 0;
      if (checked(q.answers, check(quiz, q, "number", canonicalNumber(d)))) return 1;
      return q.exponents.some(function (e) { return checked(q.answers, check(quiz, q, "range " + e, block(d, e))); }) ? 1 : 0;
    },
    matching: function (quiz, q, answer) {
      var right = 0;
      q.positions.forEach(function (position, i) {
        if (check(quiz, q, "match " + i, answer.charAt(i)) === position) right += 1;
      });
      var share = right / q.positions.length;
      return q.partial || share === 1 ? share : 0;
    },
    /* With partial credit: the share of pairs of entries the learner put in the same relative order as the key. */
    ordering: function (quiz, q, answer) {
      if (checked(q.answers, check(quiz, q, "answer", answer))) return 1;
      if (!q.partial || answer.length !== Object.keys(q.items).length) return 0;
      var right = 0, total = 0;
      for (var i = 0; i < answer.length; i++) {
        for (var j = i + 1; j < answer.length; j++) {
          total += 1;
          if (checked(q.pairs, check(quiz, q, "pair", answer.charAt(i) + answer.charAt(j)))) right += 1;
        }
      }
      return total ? right / total : 0;
    }
  };

  function credit(quiz, q, answer) {
    return (CREDIT[q.type] || CREDIT.choice)(quiz, q, answer || "");
  }

  /* Sealed words of a question (answer_key.seal), opened once the learner has submitted. */
  function reveal(quizId, questionId, sealed, purpose) {
    return JSON.parse(CB.digest.unseal(salt(quizId, questionId) + "seal " + purpose, sealed));
  }

  /* The right answer itself, for the correct responses an LMS is told at submit: {correct}, {accept}
   * or {low, high}; for a simulation step {correct: its best letters, points: {letter: points}}. */
  function answerKey(quiz, q) {
    return reveal(quiz.id, q.id, q.sealedAnswer, "answer");
  }

  /* The points of each choice of a simulation step, opened to grade a run (and kept: grading runs often). */
  var stepPoints = {};
  function choicePoints(quiz, step) {
    var id = quiz.id + "\n" + step.id;
    if (!stepPoints[id]) stepPoints[id] = answerKey(quiz, step).points;
    return stepPoints[id];
  }

  function round2(x) { return Math.round(x * 100) / 100; }

  function row(q, answer, share, earned, max) {
    return { question: q, letters: answer, correct: share === 1, share: share, earned: earned, max: max };
  }

  /* answers {questionKey: answer} -> points and per-question results. `keys`: the attempt's questions
   * for a quiz that draws (default: those answered). */
  function grade(quiz, answersByKey, keys) {
    var rows = quiz.kind === "simulation" ? simulationRows(quiz, answersByKey) :
      attemptQuestions(quiz, keys || Object.keys(answersByKey)).map(function (q) {
        var share = credit(quiz, q, answersByKey[q.key]);
        return row(q, answersByKey[q.key] || "", share, round2(share * q.points), q.points);
      });
    var points = 0, max = 0;
    rows.forEach(function (r) { points += r.earned; max += r.max; });
    points = round2(points);
    var score = max ? Math.round((points / max) * 10000) / 100 : 0;
    return { points: points, max: max, score: score, passed: score >= quiz.passingScore, questions: rows };
  }

  /* A simulation's run, replayed from its start: at each step, the next of the letters chosen there.
   * Answers keep every choice per step in visit order, which is enough to rebuild the whole path. */
  function simulationPath(quiz, answersByKey) {
    var steps = {}, used = {}, decisions = [];
    quiz.questions.forEach(function (q) { steps[q.id] = q; });
    var at = quiz.start, circled = false;
    while (steps[at]) {
      var step = steps[at], n = used[at] || 0;
      if (n >= course.stepVisitLimit) { circled = true; break; }
      var letter = (answersByKey[step.key] || "").charAt(n);
      if (!letter || !step.next[letter]) break;
      used[at] = n + 1;
      decisions.push({ step: step, letter: letter });
      at = step.next[letter];
    }
    return { decisions: decisions, at: at, ended: circled || !steps[at], circled: circled };
  }

  function simulationRows(quiz, answersByKey) {
    return simulationPath(quiz, answersByKey).decisions.map(function (d) {
      var earned = choicePoints(quiz, d.step)[d.letter] || 0;
      return row(d.step, d.letter, d.step.points ? earned / d.step.points : 1, earned, d.step.points);
    });
  }

  /* A fresh draw for a quiz that draws: `count` per bank, preferring questions the last attempt did
   * not have, so a retake asks different ones where the bank allows. */
  function drawQuestions(quiz, previous) {
    var keys = [];
    quiz.draws.forEach(function (draw) {
      var pool = quiz.questions.filter(function (q) { return q.bank === draw.bank; });
      var fresh = shuffled(pool.filter(function (q) { return previous.indexOf(q.key) < 0; }));
      var seen = shuffled(pool.filter(function (q) { return previous.indexOf(q.key) >= 0; }));
      fresh.concat(seen).slice(0, draw.count).forEach(function (q) { keys.push(q.key); });
    });
    return keys;
  }

  function shuffled(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = copy[i]; copy[i] = copy[j]; copy[j] = tmp;
    }
    return copy;
  }

  /* The question ids of the current attempt, drawing them (and keeping the draw) if needed. */
  function drawn(state, quizId) {
    var quiz = quizzesById[quizId];
    if (!quiz.draws.length) return quiz.questions.map(function (q) { return q.id; });
    var record = quizRecord(state, quiz);
    if (!record.drawn.length) {
      record.drawn = drawQuestions(quiz, []);
      state.quizzes[quiz.key] = record;
    }
    return attemptQuestions(quiz, record.drawn).map(function (q) { return q.id; });
  }

  function byKey(quiz, answersById) {
    var out = {};
    quiz.questions.forEach(function (q) { if (answersById[q.id]) out[q.key] = answersById[q.id]; });
    return out;
  }

  function byId(quiz, answersByKey) {
    var out = {};
    quiz.questions.forEach(function (q) { if (answersByKey[q.key]) out[q.id] = answersByKey[q.key]; });
    return out;
  }

  /* A lesson viewed. Other pages (welcome, handout, certificate, reference) leave the resume
   * position at the last lesson. */
  function visit(state, pageId) {
    var lesson = lessonsById[pageId];
    if (!lesson) return state;
    if (state.visited.indexOf(lesson.key) < 0) state.visited.push(lesson.key);
    state.location = lesson.key;
    return state;
  }

  function locationUrl(state) {
    var lesson = course.lessons.filter(function (l) { return l.key === state.location; })[0];
    return lesson ? lesson.url : "";
  }

  /* The learner changed an answer: kept so a relaunch mid-quiz shows it again. */
  function answer(state, quizId, answersById) {
    var quiz = quizzesById[quizId];
    var record = quizRecord(state, quiz);
    record.currentAnswers = byKey(quiz, answersById);
    record.submitted = false;
    state.quizzes[quiz.key] = record;
    return state;
  }

  /* Submitted: graded, counted, and kept if it is the best so far (a retake never takes away a pass). */
  function submit(state, quizId, answersById) {
    var quiz = quizzesById[quizId];
    var record = quizRecord(state, quiz);
    var answers = byKey(quiz, answersById);
    var result = grade(quiz, answers, quiz.draws.length ? record.drawn : undefined);
    record.attempts += 1;
    record.submitted = true;
    record.currentAnswers = answers;
    // Best by score: a simulation's runs (and some draws) are worth different maximum points.
    if (record.best === null || result.score >= grade(quiz, record.bestAnswers, bestKeys(quiz, record)).score) {
      record.best = result.points;
      record.bestAnswers = JSON.parse(JSON.stringify(answers));
    }
    state.quizzes[quiz.key] = record;
    return result;
  }

  function bestKeys(quiz, record) {
    return quiz.draws.length ? Object.keys(record.bestAnswers) : undefined;
  }

  function retry(state, quizId) {
    var quiz = quizzesById[quizId];
    var record = quizRecord(state, quiz);
    record.currentAnswers = {};
    record.submitted = false;
    if (quiz.draws.length) record.drawn = drawQuestions(quiz, record.drawn);
    state.quizzes[quiz.key] = record;
    return state;
  }

  /* What the quiz on a page shows on arrival: answers in progress, or the last submitted attempt. */
  function quizView(state, quizId) {
    var quiz = quizzesById[quizId];
    var record = state.quizzes[quiz.key];
    if (!record) return null;
    return {
      answers: byId(quiz, record.currentAnswers),
      current: record.submitted ? grade(quiz, record.currentAnswers, quiz.draws.length ? record.drawn : undefined) : null,
      submitted: record.submitted,
      attempts: record.attempts,
      best: record.best === null ? null : grade(quiz, record.bestAnswers)
    };
  }

  function quizPassed(state, quiz) {
    var record = state.quizzes[quiz.key];
    return !!record && record.best !== null && grade(quiz, record.bestAnswers).passed;
  }

  /* Per objective: points and score over the best attempts of the given quizzes. */
  function objectiveScores(state, quizzes) {
    return course.objectives.map(function (objective) {
      var points = 0, max = 0, count = 0, taken = 0;
      quizzes.forEach(function (quiz) {
        if (!quiz.questions.some(function (q) { return q.objective === objective.id; })) return;
        count += 1;
        var record = state.quizzes[quiz.key];
        if (!record || record.best === null) return;
        taken += 1;
        grade(quiz, record.bestAnswers).questions.forEach(function (r) {
          if (r.question.objective !== objective.id) return;
          max += r.max;
          points += r.earned;
        });
      });
      var score = max ? Math.round((points / max) * 10000) / 100 : null;
      return { id: objective.id, points: points, max: max, score: score, quizzes: count, taken: taken };
    });
  }

  /* The course objectives as the LMS gets them: from the scored quizzes, judged by the pass mark. */
  function objectives(state) {
    var scored = course.quizzes.filter(function (q) { return q.scored; });
    return objectiveScores(state, scored).map(function (o) {
      o.status = !o.taken ? "not attempted" : o.taken < o.quizzes ? "incomplete" :
        o.score === null || o.score >= course.passingScore ? "passed" : "failed";
      return o;
    });
  }

  function ofKind(kind) {
    return course.quizzes.filter(function (q) { return q.kind === kind; });
  }

  /* Per objective, the pre-assessment next to the final assessment: the learner's gain. */
  function gain(state) {
    var pre = objectiveScores(state, ofKind("pre-assessment"));
    var post = objectiveScores(state, ofKind("final-assessment"));
    return course.objectives.map(function (objective, i) {
      return { id: objective.id, title: objective.title, before: pre[i].score, after: post[i].score };
    }).filter(function (row) { return row.before !== null || row.after !== null; });
  }

  /* Pre-assessment results per objective, reported beside the course objectives so a trainer sees
   * the starting point in the LMS (objective ids "<pre-assessment id>.<objective id>"). */
  function preAssessmentObjectives(state) {
    var rows = [];
    ofKind("pre-assessment").forEach(function (quiz) {
      objectiveScores(state, [quiz]).forEach(function (o) {
        if (o.taken && o.max) rows.push({ id: quiz.id + "." + o.id, score: o.score, status: "completed" });
      });
    });
    return rows;
  }

  /* Completion, score and success per the course rules. */
  function summarize(state) {
    var visited = course.lessons.filter(function (l) { return state.visited.indexOf(l.key) >= 0; }).length;
    var scored = course.quizzes.filter(function (q) { return q.scored; });
    var required = course.quizzes.filter(function (q) { return q.required; });
    var points = 0, max = 0, taken = 0;
    scored.forEach(function (quiz) {
      var record = state.quizzes[quiz.key];
      if (record && record.best !== null) {
        points += record.best;
        max += grade(quiz, record.bestAnswers).max;
        taken += 1;
      } else {
        max += quiz.maxPoints;
      }
    });
    var requiredPassed = required.filter(function (quiz) { return quizPassed(state, quiz); }).length;
    var rules = course.completion;
    var complete = (!rules.visitAllLessons || visited === course.lessons.length) &&
      (!rules.passRequiredQuizzes || requiredPassed === required.length);
    // Score and success are known once every scored quiz has been taken: a score sent earlier would
    // read as a fail (a SCORM 1.2 LMS with a mastery score turns it into "failed").
    var allTaken = scored.length > 0 && taken === scored.length;
    var score = allTaken && max > 0 ? Math.round((points / max) * 10000) / 100 : null;
    return {
      lessonsVisited: visited, lessonsTotal: course.lessons.length,
      quizzesPassed: requiredPassed, quizzesRequired: required.length,
      complete: complete, score: score, passed: allTaken ? score >= course.passingScore : null
    };
  }

  CB.tracker = {
    visit: visit, locationUrl: locationUrl, answer: answer, submit: submit, retry: retry, drawn: drawn,
    quizView: quizView, grade: grade, simulationPath: simulationPath, parseNumber: parseNumber, summarize: summarize, objectives: objectives, gain: gain,
    preAssessmentObjectives: preAssessmentObjectives, answerKey: answerKey, tokenLetters: tokenLetters, names: names,
    /* The learner's answer to one question of a quiz, graded: 0 to 1. */
    credit: function (quizId, questionId, answer) {
      var quiz = quizzesById[quizId];
      return credit(quiz, quiz.questions.filter(function (q) { return q.id === questionId; })[0], answer);
    },
    /* The words a quiz page shows after grading (quiz_markdown.feedback_words). */
    feedback: function (quizId, questionId, sealed) { return reveal(quizId, questionId, sealed, "feedback"); },
    /* A simulation's sealed words: a choice's {feedback, points} once chosen ("choice a"), an ending's
     * {title, debrief} once reached ("ending", by the ending's token). */
    reveal: reveal,
    quiz: function (id) { return quizzesById[id]; }
  };
})(window.CourseBuilder = window.CourseBuilder || {});
