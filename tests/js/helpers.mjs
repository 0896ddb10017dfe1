/* Helpers for the node tests: where the runtime's modules are, and the Python side's answers
 * (fixture_data.py), which the tests compare the browser code against. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withReportWords } from "../../course_builder/runtime/js/reporting.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");

export const GOLDEN = JSON.parse(fs.readFileSync(path.join(REPO, "tests", "golden", "vectors.json"), "utf8"));

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = path.join(REPO, ".venv", "bin", "python");
  return fs.existsSync(venv) ? venv : "python3";
}

/* fixture_data.py's output: from the file FIXTURE_DATA names (tests/test_js_units.py writes it once
 * for all test files), else run here. */
let cached = null;
export function fixtureData() {
  if (!cached) {
    const out = process.env.FIXTURE_DATA ? fs.readFileSync(process.env.FIXTURE_DATA) :
      execFileSync(python(), [path.join(HERE, "fixture_data.py")], { maxBuffer: 256 * 1024 * 1024 });
    cached = JSON.parse(out.toString("utf8"));
  }
  return cached;
}

/* A plain copy: what the runtime returns, as JSON would carry it. */
export function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

/* A course's data as the package's launch page has it: with the words of LMS reports put back. */
export function launchData(name) {
  const course = fixtureData().courses[name];
  return withReportWords(plain(course.data), course.words);
}
