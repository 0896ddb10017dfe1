/* The KPI calculators rendered by `::calculator[...]`: read the learner's figures, say plainly what is
 * wrong with them (a message naming the box, never NaN), and show the result with the formula and each
 * step worked in the learner's own numbers. Fields, rules, example figures and the formula in words come
 * from calculators.py as JSON; only the arithmetic lives here. Nothing is tracked or sent anywhere. */
import { readNumber } from "./grading.js";
import { formatMoney, formatNumber, formatPercent, t, tn } from "./messages.js";

function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

/* What a learner types, read in the course's language (readNumber, grading.js: "1 234,5" in French),
 * with "k" and "m" for thousands and millions: "1,050,000", "$400,000", "$400k" or "1.05m" -> a
 * number; null when it is not one. */
function read(text) {
  var t = String(text).trim(), scale = 1, suffix = /([km])$/i.exec(t);
  if (suffix) {
    scale = suffix[1].toLowerCase() === "k" ? 1e3 : 1e6;
    t = t.slice(0, -1);
  }
  var got = readNumber(t);
  return got.value === undefined ? got : { value: got.value * scale };
}

function parse(text) {
  var got = read(text);
  return got.value === undefined ? null : got.value;
}

function round(n, decimals) {
  var factor = Math.pow(10, decimals || 0);
  return Math.round(n * factor) / factor;
}

/* At most `decimals` (up to 3) decimals, trailing zeros dropped, in the course's language: 1050000 ->
 * "1,050,000" in English, "1 050 000" in French. */
function number(n, decimals) {
  return formatNumber(round(n, decimals));
}

/* Money in the course's currency and language, whole amounts without cents: "$470,000", "470 000 €",
 * "$86.40". formatMoney's pattern, with the figure put in. */
function money(n) {
  var one = formatMoney(1);
  for (var d = 2; d >= 0; d--) {
    var figure = formatNumber(1, d);
    if (one.indexOf(figure) >= 0) {
      var whole = Math.abs(round(n, d) - Math.round(n)) < 1e-9;
      return one.replace(figure, whole ? formatNumber(Math.round(n)) : formatNumber(round(n, d), d));
    }
  }
  return formatMoney(n);
}

/* A percentage with up to `decimals` decimals, in the language's way ("86.4%", "86,4 %"). */
function percent(n, decimals) {
  var fifty = formatPercent(50), figure = formatNumber(50);
  return fifty.indexOf(figure) >= 0 ? fifty.replace(figure, number(n, decimals)) : number(n, decimals) + "%";
}

/* A number of days, "40.3 days", "1 day". */
function days(n, decimals) {
  return tn("calculator.days", "{count} day", "{count} days", round(n, decimals), { count: number(n, decimals) });
}

function inUnit(n, unit, decimals) {
  return unit === "%" ? percent(n, decimals) : unit === "days" ? days(n, decimals) : number(n, decimals) + " " + unit;
}

/* An intermediate figure to two decimals, then the result rounded to one, as the lessons show them:
 * "40.29, or 40.3". Just "95" when both read the same. */
function worked(n, unit) {
  var exact = inUnit(n, unit, 2), shown = inUnit(n, unit, 1);
  // TRANSLATORS: a figure worked to two decimals, then rounded to one: "40.29 days, or 40.3 days"
  return exact === shown ? shown : t("calculator.rounded", "{exact}, or {shown}", { exact: exact, shown: shown });
}

/* Receivables as days of sales, the shape of simple DSO and best possible DSO: the value and its
 * working as the lessons write it, "$470,000 ÷ $1,050,000 × 90 days". */
function daysOf(ar, sales, period) {
  return { value: ar / sales * period, working: money(ar) + " ÷ " + money(sales) + " × " + days(period, 2) };
}

function dsoStep(ar, sales, period) {
  var d = daysOf(ar, sales, period);
  return { value: d.value, steps: [t("calculator.step-dso", "DSO: {working} = {result}", { working: d.working, result: worked(d.value, "days") })] };
}

function bestDsoStep(ar, sales, period) {
  var d = daysOf(ar, sales, period);
  return { value: d.value, steps: [t("calculator.step-best-dso", "Best possible DSO: {working} = {result}",
    { working: d.working, result: worked(d.value, "days") })] };
}

function currentAboveTotal(v, name) {
  return { field: "ending_current_ar", problem: t("calculator.current-above-total",
    "{current} ({current_amount}) cannot be more than {total} ({total_amount}): current AR is part of the total.",
    { current: name("ending_current_ar"), current_amount: money(v.ending_current_ar), total: name("ending_total_ar"), total_amount: money(v.ending_total_ar) }) };
}

/* Each calculator: values by field id -> {value, steps} or {problem, field}. `name(id)` is a field's
 * label in quotes, for messages. Figures that would divide by zero never get here (positive fields)
 * or are caught below, so no NaN or Infinity reaches the page. */
var FORMULAS = {
  cei: function (v, name) {
    if (v.ending_current_ar > v.ending_total_ar) return currentAboveTotal(v, name);
    var start = v.beginning_ar + v.credit_sales;
    var collected = start - v.ending_total_ar, collectable = start - v.ending_current_ar;
    if (collected < 0) {
      return { field: "ending_total_ar", problem: t("calculator.total-above-start",
        "{total} ({total_amount}) is more than beginning AR plus credit sales ({start}), which would mean less than nothing was collected: check the figures.",
        { total: name("ending_total_ar"), total_amount: money(v.ending_total_ar), start: money(start) }) };
    }
    if (collectable < 0.005) {
      return { field: "ending_current_ar", problem: t("calculator.nothing-to-collect",
        "Beginning AR plus credit sales minus ending current AR is {zero}: there was nothing to collect, so CEI cannot be worked out. Check {current}.",
        { zero: money(0), current: name("ending_current_ar") }) };
    }
    var cei = collected / collectable * 100;
    return { value: cei, steps: [
      t("calculator.step-collected", "Collected: {beginning} + {sales} − {ending} = {collected}", { beginning: money(v.beginning_ar),
        sales: money(v.credit_sales), ending: money(v.ending_total_ar), collected: money(collected) }),
      t("calculator.step-collectable", "Collectable: {beginning} + {sales} − {ending} = {collectable}", { beginning: money(v.beginning_ar),
        sales: money(v.credit_sales), ending: money(v.ending_current_ar), collectable: money(collectable) }),
      t("calculator.step-cei", "CEI: {collected} ÷ {collectable} × {hundred} = {result}", { collected: money(collected),
        collectable: money(collectable), hundred: number(100), result: worked(cei, "%") })
    ] };
  },
  dso: function (v) { return dsoStep(v.ending_ar, v.credit_sales, v.days); },
  "best-possible-dso": function (v) { return bestDsoStep(v.ending_current_ar, v.credit_sales, v.days); },
  /* From the same figures, so the subtraction uses unrounded DSOs (three decimals shown): 5.1 days for
   * Acme, where the rounded 40.3 − 35.1 would give 5.2. */
  add: function (v, name) {
    if (v.ending_current_ar > v.ending_total_ar) return currentAboveTotal(v, name);
    var dso = daysOf(v.ending_total_ar, v.credit_sales, v.days), best = daysOf(v.ending_current_ar, v.credit_sales, v.days);
    var add = dso.value - best.value, steps = [
      t("calculator.step-dso", "DSO: {working} = {result}", { working: dso.working, result: days(dso.value, 3) }),
      t("calculator.step-best-dso", "Best possible DSO: {working} = {result}", { working: best.working, result: days(best.value, 3) }),
      t("calculator.step-add", "ADD: {dso} − {best} = {result}", { dso: number(dso.value, 3), best: number(best.value, 3),
        result: t("calculator.rounded", "{exact}, or {shown}", { exact: days(add, 3), shown: days(add, 1) }) })
    ];
    var roundedFirst = number(round(dso.value, 1) - round(best.value, 1), 1);
    if (roundedFirst !== number(add, 1)) {
      steps.push(t("calculator.round-only-result", "Round only the result: the rounded {dso} − {best} would give {wrong}.",
        { dso: number(dso.value, 1), best: number(best.value, 1), wrong: roundedFirst }));
    }
    return { value: add, steps: steps };
  },
  "dso-count-back": function (v) {
    var left = v.ending_ar, parts = [], steps = [];
    if (left === 0) {
      return { value: 0, steps: [t("calculator.nothing-outstanding", "Ending AR is {zero}: nothing is outstanding, so DSO is {none}",
        { zero: money(0), none: days(0, 0) })] };
    }
    for (var i = 0; i < v.months.length; i++) {
      var month = v.months[i], n = number(i + 1);
      if (left > month.sales) {
        parts.push(month.days);
        steps.push(t("calculator.step-month-full", "Month {month}: {left} − {sales} = {remaining} left, so count all {days} of the month",
          { month: n, left: money(left), sales: money(month.sales), remaining: money(left - month.sales), days: days(month.days, 2) }));
        left -= month.sales;
        continue;
      }
      var part = left / month.sales * month.days;
      parts.push(part);
      steps.push(t("calculator.step-month-part", "Month {month}: what is left is within this month's sales: {left} ÷ {sales} × {days} = {part}",
        { month: n, left: money(left), sales: money(month.sales), days: days(month.days, 2), part: days(part, 2) }));
      var total = parts.reduce(function (sum, p) { return sum + p; }, 0);
      var sum = parts.map(function (p) { return number(p, 2); }).join(" + ");
      steps.push(parts.length > 1 ? t("calculator.step-count-back-sum", "DSO: {sum} = {result}", { sum: sum, result: worked(total, "days") }) :
        t("calculator.step-count-back", "DSO: {result}", { result: worked(total, "days") }));
      return { value: total, steps: steps };
    }
    return { field: { month: v.months.length }, problem: tn("calculator.months-too-few",
      "Ending AR ({amount}) is more than the credit sales of the {count} month entered: enter the month before them, so the count can go further back.",
      "Ending AR ({amount}) is more than the credit sales of the {count} months entered: enter the month before them, so the count can go further back.",
      v.months.length, { amount: money(v.ending_ar) }) };
  },
  "collected-vs-goal": function (v) {
    var share = v.collected / v.goal * 100;
    return { value: share, steps: [
      t("calculator.step-collected-vs-goal", "Collected against goal: {collected} ÷ {goal} × {hundred} = {result}",
        { collected: money(v.collected), goal: money(v.goal), hundred: number(100), result: worked(share, "%") })
    ] };
  }
};

// TRANSLATORS: a box's label quoted in a message: “Credit sales” is empty (use your language's quotation marks)
function quoted(label) { return t("calculator.quoted", "“{label}”", { label: label }); }

/* The number in one box, or what is wrong with it, naming the box. */
function check(text, field, label, example) {
  var values = { label: quoted(label), example: field.unit === "$" ? money(example) : number(example, 2),
    max: number(field.max || 0, 2), point: number(1.5, 1), symbol: money(0).replace(/[0-9\s.,\u200e\u200f\u061c]/g, "") || "$" };
  text = text.trim();
  if (!text) {
    return { problem: example ? t("calculator.empty-example", "{label} is empty: enter a number, such as {example}.", values) :
      t("calculator.empty", "{label} is empty: enter a number.", values) };
  }
  var got = read(text), n = got.value;
  if (got.problem === "decimal-mark") {
    return { problem: t("calculator.decimal-mark", "{label} is not a number here: write decimals with a point, such as {point}; commas separate thousands.", values) };
  }
  if (n === undefined) {
    return { problem: example ?
      t("calculator.not-a-number-example", "{label} is not a number: enter digits, such as {example} (thousands commas and a leading {symbol} are fine).", values) :
      t("calculator.not-a-number", "{label} is not a number: enter digits (thousands commas and a leading {symbol} are fine).", values) };
  }
  if (!isFinite(n) || n > 1e15) return { problem: t("calculator.too-large", "{label} is too large: check the number of digits.", values) };
  if (n < 0) return { problem: t("calculator.negative", "{label} cannot be negative: enter 0 or more.", values) };
  if (field.positive && n === 0) return { problem: t("calculator.zero", "{label} must be more than zero: the formula divides by it.", values) };
  if (field.max !== null && n > field.max) return { problem: t("calculator.above-max", "{label} must be {max} or less.", values) };
  return { value: n === 0 ? 0 : n };   // no "-0"
}

/* A month row's box, for messages: "Month 2: credit sales". */
function monthLabel(month, field) {
  var values = { month: number(month), field: field.label };
  if (field.id === "sales") return t("calculator.month-sales", "Month {month}: credit sales", values);
  if (field.id === "days") return t("calculator.month-days", "Month {month}: days in the month", values);
  return t("calculator.month-field", "Month {month}: {field}", values);
}

/* Worked out from figures: what the tests and the form share. `values` by field id (plus `months`, a
 * list of {sales, days}, for count-back). */
function compute(spec, values) {
  var labels = {};
  spec.fields.forEach(function (f) { labels[f.id] = f.label; });
  return FORMULAS[spec.name](values, function (id) { return quoted(labels[id]); });
}

function Calculator(section) {
  this.section = section;
  this.spec = JSON.parse(section.querySelector(".cb-calculator__spec").textContent);
  this.form = section.querySelector("form");
  this.result = section.querySelector(".cb-calculator__result");
  this.addButton = section.querySelector(".cb-calculator__add-month");
  all(section, "input").forEach(function (input) { input.setAttribute("data-cb-hint", input.getAttribute("aria-describedby")); });
  this.form.addEventListener("submit", this.onSubmit.bind(this));
  this.form.addEventListener("input", function (event) { clearProblem(event.target); });
  section.querySelector(".cb-calculator__example").addEventListener("click", this.useExample.bind(this));
  if (this.addButton) this.addButton.addEventListener("click", this.addMonth.bind(this, true));
}

function clearProblem(input) {
  if (!input.hasAttribute("aria-invalid")) return;
  input.removeAttribute("aria-invalid");
  input.setAttribute("aria-describedby", input.getAttribute("data-cb-hint"));
}

Calculator.prototype.input = function (id) {
  return this.form.querySelector(':scope > .cb-calculator__field [data-cb-field="' + id + '"]');
};

Calculator.prototype.monthRows = function () { return all(this.section, ".cb-calculator__month"); };

Calculator.prototype.monthInput = function (index, id) {
  var row = this.monthRows()[index];
  return row ? row.querySelector('[data-cb-field="' + id + '"]') : null;
};

/* The figures in the form as {values} or {problem, input}: each box checked in order, then the month
 * rows from the newest down to the last one filled in (later empty rows are not needed). */
Calculator.prototype.read = function () {
  var values = {}, spec = this.spec;
  for (var i = 0; i < spec.fields.length; i++) {
    var field = spec.fields[i], input = this.input(field.id), got = check(input.value, field, field.label, field.example);
    if (got.problem) return { problem: got.problem, input: input };
    values[field.id] = got.value;
  }
  if (!spec.months) return { values: values };
  var rows = this.monthRows(), used = 1;
  rows.forEach(function (row, index) {
    if (all(row, "input").some(function (input) { return input.value.trim(); })) used = index + 1;
  });
  values.months = [];
  for (var m = 0; m < used; m++) {
    var month = {}, example = spec.months.example[Math.min(m, spec.months.example.length - 1)];
    for (var f = 0; f < spec.months.fields.length; f++) {
      var monthField = spec.months.fields[f], box = this.monthInput(m, monthField.id);
      var checked = check(box.value, monthField, monthLabel(m + 1, monthField), example[f]);
      if (checked.problem) return { problem: checked.problem, input: box };
      month[monthField.id] = checked.value;
    }
    values.months.push(month);
  }
  return { values: values };
};

Calculator.prototype.onSubmit = function (event) {
  event.preventDefault();
  this.calculate();
};

Calculator.prototype.calculate = function () {
  all(this.section, "input").forEach(clearProblem);
  var read = this.read();
  if (read.problem) return this.fail(read.input, read.problem);
  var outcome = compute(this.spec, read.values);
  if (outcome.problem) return this.fail(this.target(outcome.field), outcome.problem);
  if (!isFinite(outcome.value)) return this.fail(this.form.querySelector("input"), t("calculator.cannot-work-out", "These figures cannot be worked out: please check them."));
  this.show(outcome);
};

/* The box a problem is about; for "add a month", the first empty row, or the button that adds one. */
Calculator.prototype.target = function (field) {
  if (typeof field === "string") return this.input(field);
  return this.monthInput(field.month, "sales") || this.addButton;
};

Calculator.prototype.fail = function (input, message) {
  this.result.innerHTML = "";
  var p = document.createElement("p");
  p.className = "cb-calculator__problem";
  var lead = document.createElement("strong");
  lead.textContent = t("calculator.check-figures", "Check your figures:") + " ";
  p.appendChild(lead);
  p.appendChild(document.createTextNode(message));
  this.result.appendChild(p);
  if (input.tagName === "INPUT") {
    // Read with the box when focus lands on it, as well as announced by the status region.
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", input.getAttribute("data-cb-hint") + " " + this.result.id);
  }
  input.focus();
};

Calculator.prototype.show = function (outcome) {
  var spec = this.spec, result = this.result;
  result.innerHTML = "";
  function add(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    if (text) el.textContent = text;
    result.appendChild(el);
    return el;
  }
  var answer = add("p", "cb-calculator__answer");
  answer.appendChild(document.createElement("strong")).textContent =
    t("calculator.result", "{name}: {value}", { name: spec.result, value: inUnit(outcome.value, spec.unit, 1) });
  add("p", "cb-calculator__formula-used", t("calculator.formula", "Formula: {formula}.", { formula: spec.formula }));
  add("p", "cb-calculator__steps-title", t("calculator.worked-with", "Worked with your figures:"));
  var list = add("ol", "cb-calculator__steps");
  outcome.steps.forEach(function (text) { list.appendChild(document.createElement("li")).textContent = text; });
};

/* One more month row (a copy of the last, emptied and renumbered); focus goes to it when asked. */
Calculator.prototype.addMonth = function (focus) {
  var rows = this.monthRows(), n = rows.length + 1;
  if (n > this.spec.months.limit) return;
  var row = rows[rows.length - 1].cloneNode(true);
  row.setAttribute("data-cb-month", String(n));
  row.querySelector("legend").textContent = t("calculator.month", "Month {month}", { month: number(n) });
  all(row, "[id], [for], [name]").forEach(function (el) {
    ["id", "for", "name"].forEach(function (attr) {
      if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(/--month-\d+-/, "--month-" + n + "-"));
    });
  });
  all(row, "input").forEach(function (input) { input.value = ""; clearProblem(input); });
  rows[rows.length - 1].parentNode.appendChild(row);
  if (n === this.spec.months.limit) this.addButton.disabled = true;
  if (focus === true) row.querySelector("input").focus();
};

/* Fill in the lesson's worked example and show its result, so the learner can compare step by step. */
Calculator.prototype.useExample = function () {
  var self = this, spec = this.spec;
  spec.fields.forEach(function (f) { self.input(f.id).value = number(f.example, 2); });
  if (spec.months) {
    while (this.monthRows().length < spec.months.example.length) this.addMonth(false);
    this.monthRows().forEach(function (row, index) {
      var example = spec.months.example[index];
      spec.months.fields.forEach(function (f, k) {
        self.monthInput(index, f.id).value = example ? number(example[k], 2) : "";
      });
    });
  }
  this.calculate();
};

/* Every calculator on the page. */
export function startCalculators(doc) {
  doc.querySelectorAll(".cb-calculator").forEach(function (section) { new Calculator(section); });
}

export { parse, compute, check as checkFigure };
