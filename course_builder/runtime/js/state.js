/* The learner state as stored in cmi.suspend_data (or this browser's storage without an LMS).
 * Format (documented in course_builder/core/progress.py, which encodes the same way):
 *   2~<location key>~<visited keys>~<quizKey>:<best>:<attempts>:<s|p>:<best answers>:<current answers>[:<drawn>];...
 * Keys are 4 characters; answers are <question key><answer> joined by ","; "=" means same as best.
 * An answer is choice letters, or typed text with the format's own characters escaped as %XX. */
var VERSION = "2", KEY = 4, MAX_ATTEMPTS = 99;

function empty() {
  return { location: "", visited: [], quizzes: {} };
}

function emptyQuiz() {
  return { best: null, attempts: 0, submitted: false, bestAnswers: {}, currentAnswers: {}, drawn: [] };
}

// Typed answers (fill-in, numeric) may hold any character: escape the separators (and "%").
function escapeAnswer(text) {
  return text.replace(/[%~:;,]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
}

function unescapeAnswer(text) {
  return text.replace(/%([0-9A-F]{2})/g, function (m, hex) { return String.fromCharCode(parseInt(hex, 16)); });
}

function answersToText(answers) {
  return Object.keys(answers).filter(function (k) { return answers[k]; })
    .map(function (k) { return k + escapeAnswer(answers[k]); }).join(",");
}

function textToAnswers(text) {
  var answers = {};
  if (!text) return answers;
  text.split(",").forEach(function (item) {
    if (item.length > KEY) answers[item.slice(0, KEY)] = unescapeAnswer(item.slice(KEY));
  });
  return answers;
}

function encode(state) {
  var quizzes = Object.keys(state.quizzes).map(function (key) {
    var q = state.quizzes[key];
    var best = answersToText(q.bestAnswers), current = answersToText(q.currentAnswers);
    if (current === best && best) current = "=";
    var fields = [key, q.best === null ? "" : String(q.best), String(Math.min(q.attempts, MAX_ATTEMPTS)),
      q.submitted ? "s" : "p", best, current];
    if (q.drawn && q.drawn.length) fields.push(q.drawn.join(""));
    return fields.join(":");
  });
  return [VERSION, state.location, state.visited.join(""), quizzes.join(";")].join("~");
}

/* Anything unreadable (older format, another tool's data) starts afresh rather than failing. */
function decode(text) {
  var state = empty();
  if (typeof text !== "string") return state;
  var parts = text.split("~");
  if (parts.length !== 4 || parts[0] !== VERSION) return state;
  state.location = parts[1];
  for (var i = 0; i + KEY <= parts[2].length; i += KEY) state.visited.push(parts[2].slice(i, i + KEY));
  if (parts[3]) {
    parts[3].split(";").forEach(function (record) {
      var f = record.split(":");
      if (f.length !== 6 && f.length !== 7) return;
      var drawn = [];
      for (var d = 0; f[6] && d + KEY <= f[6].length; d += KEY) drawn.push(f[6].slice(d, d + KEY));
      var best = textToAnswers(f[4]);
      state.quizzes[f[0]] = {
        best: f[1] === "" ? null : parseFloat(f[1]),   // partial credit gives fractions
        attempts: parseInt(f[2], 10) || 0,
        submitted: f[3] === "s",
        bestAnswers: best,
        currentAnswers: f[5] === "=" ? JSON.parse(JSON.stringify(best)) : textToAnswers(f[5]),
        drawn: drawn
      };
    });
  }
  return state;
}

export { empty, emptyQuiz, encode, decode };
