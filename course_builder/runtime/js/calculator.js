/* The KPI calculators rendered by `::calculator[...]`: read the learner's figures, say plainly what is
 * wrong with them (a message naming the box, never NaN), and show the result with the formula and each
 * step worked in the learner's own numbers. Fields, rules, example figures and the formula in words come
 * from calculators.py as JSON; only the arithmetic lives here. Nothing is tracked or sent anywhere. */
import { parseNumber } from "./grading.js";
import { plural } from "./wording.js";

function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

/* "1,050,000", "$400,000", "$400k" or "1.05m" -> a number; null when it is not one. */
function parse(text) {
  var t = String(text).trim(), scale = 1, suffix = /([km])$/i.exec(t);
  if (suffix) {
    scale = suffix[1].toLowerCase() === "k" ? 1e3 : 1e6;
    t = t.slice(0, -1);
  }
  var n = parseNumber(t);
  return n === null ? null : n * scale;
}

function round(n, decimals) {
  var factor = Math.pow(10, decimals || 0);
  return Math.round(n * factor) / factor;
}

/* At most `decimals` decimals, trailing zeros dropped, thousands separated: 1050000 -> "1,050,000".
 * Written out rather than toLocaleString, so every learner's browser shows the same figures. */
function number(n, decimals) {
  var fixed = round(n, decimals).toFixed(decimals || 0);
  if (decimals) fixed = fixed.replace(/\.?0+$/, "");
  var parts = fixed.split(".");
  parts[0] = parts[0].replace(/\B(?=(\d{3})+$)/g, ",");
  return parts.join(".");
}

function money(n) { return "$" + number(n, 2); }

/* An intermediate figure to two decimals, then the result rounded to one, as the lessons show them:
 * "40.29, or 40.3". Just "95" when both read the same. */
function worked(n, unit) {
  var suffix = unit === "%" ? "%" : " " + unit;
  var exact = number(n, 2), shown = number(n, 1);
  return exact === shown ? shown + suffix : exact + suffix + ", or " + shown + suffix;
}

/* Receivables as days of sales, the shape of simple DSO and best possible DSO: the value and its
 * working as the lessons write it, "$470,000 ÷ $1,050,000 × 90 days". */
function daysOf(ar, sales, period) {
  return { value: ar / sales * period, working: money(ar) + " ÷ " + money(sales) + " × " + number(period, 2) + " days" };
}

function daysSteps(label, ar, sales, period) {
  var days = daysOf(ar, sales, period);
  return { value: days.value, steps: [label + ": " + days.working + " = " + worked(days.value, "days")] };
}

function currentAboveTotal(v, name) {
  return { field: "ending_current_ar", problem: name("ending_current_ar") + " (" + money(v.ending_current_ar) +
    ") cannot be more than " + name("ending_total_ar") + " (" + money(v.ending_total_ar) + "): current AR is part of the total." };
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
      return { field: "ending_total_ar", problem: name("ending_total_ar") + " (" + money(v.ending_total_ar) +
        ") is more than beginning AR plus credit sales (" + money(start) + "), which would mean less than nothing was collected: check the figures." };
    }
    if (collectable < 0.005) {
      return { field: "ending_current_ar", problem: "Beginning AR plus credit sales minus ending current AR is $0: there was nothing to collect, " +
        "so CEI cannot be worked out. Check " + name("ending_current_ar") + "." };
    }
    var cei = collected / collectable * 100;
    return { value: cei, steps: [
      "Collected: " + money(v.beginning_ar) + " + " + money(v.credit_sales) + " − " + money(v.ending_total_ar) + " = " + money(collected),
      "Collectable: " + money(v.beginning_ar) + " + " + money(v.credit_sales) + " − " + money(v.ending_current_ar) + " = " + money(collectable),
      "CEI: " + money(collected) + " ÷ " + money(collectable) + " × 100 = " + worked(cei, "%")
    ] };
  },
  dso: function (v) { return daysSteps("DSO", v.ending_ar, v.credit_sales, v.days); },
  "best-possible-dso": function (v) { return daysSteps("Best possible DSO", v.ending_current_ar, v.credit_sales, v.days); },
  /* From the same figures, so the subtraction uses unrounded DSOs (three decimals shown): 5.1 days for
   * Acme, where the rounded 40.3 − 35.1 would give 5.2. */
  add: function (v, name) {
    if (v.ending_current_ar > v.ending_total_ar) return currentAboveTotal(v, name);
    var dso = daysOf(v.ending_total_ar, v.credit_sales, v.days), best = daysOf(v.ending_current_ar, v.credit_sales, v.days);
    var add = dso.value - best.value, steps = [
      "DSO: " + dso.working + " = " + number(dso.value, 3) + " days",
      "Best possible DSO: " + best.working + " = " + number(best.value, 3) + " days",
      "ADD: " + number(dso.value, 3) + " − " + number(best.value, 3) + " = " + number(add, 3) + " days, or " + number(add, 1) + " days"
    ];
    var roundedFirst = number(round(dso.value, 1) - round(best.value, 1), 1);
    if (roundedFirst !== number(add, 1)) {
      steps.push("Round only the result: the rounded " + number(dso.value, 1) + " − " + number(best.value, 1) + " would give " + roundedFirst + ".");
    }
    return { value: add, steps: steps };
  },
  "dso-count-back": function (v) {
    var left = v.ending_ar, parts = [], steps = [];
    if (left === 0) return { value: 0, steps: ["Ending AR is $0: nothing is outstanding, so DSO is 0 days"] };
    for (var i = 0; i < v.months.length; i++) {
      var month = v.months[i], label = "Month " + (i + 1) + ": ";
      if (left > month.sales) {
        parts.push(month.days);
        steps.push(label + money(left) + " − " + money(month.sales) + " = " + money(left - month.sales) +
          " left, so count all " + number(month.days, 2) + " days of the month");
        left -= month.sales;
        continue;
      }
      var part = left / month.sales * month.days;
      parts.push(part);
      steps.push(label + "what is left is within this month's sales: " + money(left) + " ÷ " + money(month.sales) +
        " × " + number(month.days, 2) + " days = " + number(part, 2) + " days");
      var total = parts.reduce(function (sum, p) { return sum + p; }, 0);
      steps.push("DSO: " + (parts.length > 1 ? parts.map(function (p) { return number(p, 2); }).join(" + ") + " = " : "") + worked(total, "days"));
      return { value: total, steps: steps };
    }
    return { field: { month: v.months.length }, problem: "Ending AR (" + money(v.ending_ar) + ") is more than the credit sales of the " +
      plural(v.months.length, "month", "months") + " entered: enter the month before them, so the count can go further back." };
  },
  "collected-vs-goal": function (v) {
    var share = v.collected / v.goal * 100;
    return { value: share, steps: [
      "Collected against goal: " + money(v.collected) + " ÷ " + money(v.goal) + " × 100 = " + worked(share, "%")
    ] };
  }
};

function quoted(label) { return "“" + label + "”"; }

/* The number in one box, or what is wrong with it, naming the box. */
function check(text, field, label, example) {
  var sample = field.unit === "$" ? money(example) : number(example, 2);
  var hint = example ? ", such as " + sample : "";
  text = text.trim();
  if (!text) return { problem: quoted(label) + " is empty: enter a number" + hint + "." };
  var n = parse(text);
  if (n === null) return { problem: quoted(label) + " is not a number: enter digits" + hint + " (thousands commas and a leading $ are fine)." };
  if (!isFinite(n) || n > 1e15) return { problem: quoted(label) + " is too large: check the number of digits." };
  if (n < 0) return { problem: quoted(label) + " cannot be negative: enter 0 or more." };
  if (field.positive && n === 0) return { problem: quoted(label) + " must be more than zero: the formula divides by it." };
  if (field.max !== null && n > field.max) return { problem: quoted(label) + " must be " + number(field.max, 2) + " or less." };
  return { value: n === 0 ? 0 : n };   // no "-0"
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
      var checked = check(box.value, monthField, "Month " + (m + 1) + ": " + monthField.label.toLowerCase(), example[f]);
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
  if (!isFinite(outcome.value)) return this.fail(this.form.querySelector("input"), "These figures cannot be worked out: please check them.");
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
  lead.textContent = "Check your figures: ";
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
    spec.result + ": " + number(outcome.value, 1) + (spec.unit === "%" ? "%" : " " + spec.unit);
  add("p", "cb-calculator__formula-used", "Formula: " + spec.formula + ".");
  add("p", "cb-calculator__steps-title", "Worked with your figures:");
  var list = add("ol", "cb-calculator__steps");
  outcome.steps.forEach(function (text) { list.appendChild(document.createElement("li")).textContent = text; });
};

/* One more month row (a copy of the last, emptied and renumbered); focus goes to it when asked. */
Calculator.prototype.addMonth = function (focus) {
  var rows = this.monthRows(), n = rows.length + 1;
  if (n > this.spec.months.limit) return;
  var row = rows[rows.length - 1].cloneNode(true);
  row.setAttribute("data-cb-month", String(n));
  row.querySelector("legend").textContent = "Month " + n;
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
