/* Helpers for the node tests: the course builder's browser scripts run in a fresh context (as on a
 * page: one window, the scripts in order), and the Python side's answers (fixture_data.py). */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const REPO = path.resolve(__dirname, "..", "..");
const ASSETS = path.join(REPO, "course_builder", "runtime", "assets");

/* window.CourseBuilder after loading `scripts` (names under assets/) with `course` as course-data.js. */
function load(scripts, course) {
  const context = vm.createContext({ window: { CourseBuilder: { course: course } }, TextEncoder, TextDecoder, atob });
  for (const name of scripts) {
    vm.runInContext(fs.readFileSync(path.join(ASSETS, name), "utf8"), context, { filename: name });
  }
  return context.window.CourseBuilder;
}

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = path.join(REPO, ".venv", "bin", "python");
  return fs.existsSync(venv) ? venv : "python3";
}

/* fixture_data.py's output: from the file FIXTURE_DATA names (tests/test_js_units.py writes it once
 * for all test files), else run here. */
let cached = null;
function fixtureData() {
  if (!cached) {
    const out = process.env.FIXTURE_DATA ? fs.readFileSync(process.env.FIXTURE_DATA) :
      execFileSync(python(), [path.join(__dirname, "fixture_data.py")], { maxBuffer: 256 * 1024 * 1024 });
    cached = JSON.parse(out.toString("utf8"));
  }
  return cached;
}

module.exports = { load, fixtureData };
