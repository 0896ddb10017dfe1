/* How much of a question an answer gets right, checked against the hashed answer key that
 * course_builder/core/answer_key.py writes (never the answers themselves), and the sealed words a
 * question or simulation step opens once the learner has submitted. Plain functions of a quiz's and a
 * question's data (course-data.js); the course's rules are tracker.js's. */
import { hex, unseal } from "./digest.js";
import { decimalSeparator, formatNumber } from "./messages.js";

/* A number as it is stored and graded: "1,050,000", "$86.4", "86.4 %", English style, whatever the
 * course's language, so a stored answer always gets the same grade (quiz.js stores what the learner
 * typed in their language's way as readNumber reads it). Null when unreadable. */
function numberText(text) {
  var t = String(text).replace(/[\s$%]/g, "");
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? t : null;
}

function parseNumber(text) {
  var t = numberText(text);
  return t === null ? null : parseFloat(t);
}

/* What a learner of the course's language types, read: {value, text} (text: "-1234.5", as numberText
 * reads it) or {problem: "empty" | "decimal-mark" | "not-a-number"}. Spaces, and the language's thousands
 * separator, between groups of three digits; the language's decimal mark, and "." everywhere (the
 * English form: "1,234.5" is read in French and German too). Where one mark could be either, as in
 * "1.234" or "1,234", the language decides: 1234 in German, 1.234 in French, 1234 in English. A comma
 * where English expects a point ("1,5" in English) is refused with "decimal-mark", never read as 15.
 * Arabic-Indic digits and marks are read as their Latin equivalents; currency signs and "%" are dropped. */
var ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;
function readNumber(typed) {
  var text = String(typed).replace(ARABIC_DIGITS, function (d) { return String(d.charCodeAt(0) & 0xF); })
    .replace(/\u066B/g, ".").replace(/\u066C/g, ",").replace(/\u2212/g, "-")
    .replace(/[\u200E\u200F\u061C%\u066A]|\p{Sc}/gu, "").trim().replace(/\s+/g, " ");
  if (!text) return { problem: "empty" };
  var negative = text.charAt(0) === "-";
  if (negative) text = text.slice(1).trim();
  if (!/^[0-9., ]*[0-9][0-9., ]*$/.test(text) || / [.,]|[.,] /.test(text)) return { problem: "not-a-number" };
  var decimalIsComma = decimalSeparator() === ",", groupIsPoint = /\./.test(formatNumber(1234567));
  var points = text.split(".").length - 1, commas = text.split(",").length - 1, mark = null;
  if (points && commas) {
    mark = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
  } else if (points + commas === 1) {
    var only = points ? "." : ",", sides = text.split(only);
    var couldGroup = /^[0-9]{1,3}( [0-9]{3})*$/.test(sides[0]) && /^[0-9]{3}$/.test(sides[1]);
    var decimalHere = only === "," ? decimalIsComma : !groupIsPoint;
    if (!couldGroup || decimalHere) mark = only;
  }
  if (mark === "," && !decimalIsComma) return { problem: "decimal-mark" };
  var cut = mark ? text.lastIndexOf(mark) : text.length;
  var whole = text.slice(0, cut), fraction = text.slice(cut + 1);
  if (!/^[0-9]*$/.test(fraction) || (mark && text.split(mark).length > 2) ||
      !/^([0-9]*|[0-9]{1,3}(\.[0-9]{3})+|[0-9]{1,3}(,[0-9]{3})+|[0-9]{1,3}( [0-9]{3})+)$/.test(whole)) {
    return { problem: "not-a-number" };
  }
  var digits = (negative ? "-" : "") + whole.replace(/[., ]/g, "") + (fraction ? "." + fraction : "");
  return { value: parseFloat(digits.replace(/^(-?)\./, "$10.")), text: digits };
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
  if (!(text in checks)) checks[text] = hex(text).slice(0, 12);
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
    if (!(text in hashes)) hashes[text] = hex(text);
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
 * an ordering question's entries are keyed by token in report-words.js. */
var named = {};
function names(quiz, q) {
  var id = quiz.id + "\n" + q.id;
  if (!named[id]) {
    var byLetter = function (what, map) {
      var letters = tokenLetters(quiz.id, q.id, what, Object.keys(map)), out = {};
      Object.keys(map).forEach(function (token) { out[letters[token]] = map[token]; });
      return out;
    };
    named[id] = {  // empty where report-words.js is missing: reports then name choices by letter
      choices: q.type === "matching" ? byLetter("target", q.choices || {}) : q.choices || {},
      items: q.type === "ordering" ? byLetter("entry", q.items || {}) : q.items || {}
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
    if (!q.partial || answer.length !== q.entryCount) return 0;
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
  return JSON.parse(unseal(salt(quizId, questionId) + "seal " + purpose, sealed));
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

/* The words a quiz page shows after grading (quiz_markdown.feedback_words). */
function feedback(quizId, questionId, sealed) {
  return reveal(quizId, questionId, sealed, "feedback");
}

export { parseNumber, readNumber, tokenLetters, names, credit, reveal, answerKey, choicePoints, feedback };
