/* The interface's words in the course's language (messages.py is the Python side of the same rules).
 * Each string is written here in English with its key, t("quiz.check", "Check answers"); the course data
 * carries the table for the course's language (only where it differs from the English), set once by the
 * page's entry. Numbers, money and dates follow the language's conventions through Intl. */

var current = { language: "en", direction: "ltr", currency: "USD", table: {} };

export function useMessages(messages) {
  current = messages || { language: "en", direction: "ltr", currency: "USD", table: {} };
}

export function language() { return current.language; }
export function direction() { return current.direction; }

// `{name}` filled in from values; an unknown name stays visible rather than breaking the sentence.
export function fill(text, values) {
  return text.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, function (whole, name) {
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

export function t(key, english, values) {
  var entry = current.table[key];
  return fill(typeof entry === "string" ? entry : english, values);
}

var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

// The message as HTML where its values are HTML already (a trainer's rendered Markdown): our words
// (or a translation, or a trainer's override) are escaped, the values go in as they are.
export function tHtml(key, english, values) {
  var entry = current.table[key];
  var words = typeof entry === "string" ? entry : english;
  return fill(words.replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }), values);
}

// A count in words, by the language's plural rules: tn("home.lessons", "{count} lesson", "{count} lessons", n).
export function tn(key, one, other, count, values) {
  var entry = current.table[key];
  var text;
  if (entry && typeof entry === "object") text = entry[pluralCategory(count)] || entry.other;
  else text = count === 1 ? one : other;
  return fill(text, Object.assign({ count: formatNumber(count) }, values || {}));
}

function pluralCategory(count) {
  try { return new Intl.PluralRules(current.language).select(count); } catch (e) { return count === 1 ? "one" : "other"; }
}

function locale() {
  // The pseudo-locale (qps-ploc) and any tag Intl does not know format as English does.
  try { return Intl.NumberFormat.supportedLocalesOf([current.language]).length ? current.language : "en"; } catch (e) { return "en"; }
}

export function formatNumber(value, decimals) {
  var options = decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return new Intl.NumberFormat(locale(), options).format(value);
}

export function formatMoney(value) {
  return new Intl.NumberFormat(locale(), { style: "currency", currency: current.currency }).format(value);
}

export function formatPercent(value) { return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(value / 100); }

export function formatDate(date) {
  return new Intl.DateTimeFormat(locale(), { year: "numeric", month: "long", day: "numeric" }).format(date);
}

// The decimal separator the learner types ("," in French and German), for reading figures back.
export function decimalSeparator() {
  var parts = new Intl.NumberFormat(locale()).formatToParts(1.5);
  for (var i = 0; i < parts.length; i++) if (parts[i].type === "decimal") return parts[i].value;
  return ".";
}
