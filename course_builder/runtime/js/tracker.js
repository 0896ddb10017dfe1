/* The course's rules applied to a learner state (see state.js): visits, answers, grading, and what
 * they mean for completion, score, pass/fail and each objective. Plain data in, plain data out;
 * storing it is the job of progress.js (the LMS via the launcher, or this browser). */
import { emptyQuiz } from "./state.js";
import { credit, choicePoints } from "./grading.js";

/* The tracker of one course (course-data.js's data): every function takes and returns plain state. */
export function createTracker(course) {
  var lessonsById = {}, quizzesById = {};
  course.lessons.forEach(function (l) { lessonsById[l.id] = l; });
  course.quizzes.forEach(function (q) { quizzesById[q.id] = q; });

  function quizRecord(state, quiz) {
    return state.quizzes[quiz.key] || emptyQuiz();
  }

  /* The questions of one attempt: all of them, or, for a quiz that draws from banks, those drawn. */
  function attemptQuestions(quiz, keys) {
    if (!quiz.draws.length) return quiz.questions;
    return quiz.questions.filter(function (q) { return keys.indexOf(q.key) >= 0; });
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

  /* The lesson the learner was last on (the resume position the LMS keeps too), or null before the first. */
  function resumeLesson(state) {
    return course.lessons.filter(function (l) { return l.key === state.location; })[0] || null;
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


  return {
    visit: visit, resumeLesson: resumeLesson, answer: answer, submit: submit, retry: retry, drawn: drawn,
    quizView: quizView, grade: grade, simulationPath: simulationPath, summarize: summarize,
    objectives: objectives, gain: gain, preAssessmentObjectives: preAssessmentObjectives,
    /* The learner's answer to one question of a quiz, graded: 0 to 1. */
    credit: function (quizId, questionId, answer) {
      var quiz = quizzesById[quizId];
      return credit(quiz, quiz.questions.filter(function (q) { return q.id === questionId; })[0], answer);
    },
    quiz: function (id) { return quizzesById[id]; }
  };
}
