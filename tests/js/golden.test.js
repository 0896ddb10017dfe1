/* The golden vectors (tests/golden/vectors.json), which tests/test_golden.py also checks against the
 * build's Python: state.js encodes each state as core/progress.py does, and reads it back unchanged. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { load } = require("./browser.js");

const VECTORS = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "golden", "vectors.json"), "utf8"));
const state = load(["state.js"], {}).state;

for (const c of VECTORS.states) {
  test(`state.js encodes and decodes: ${c.case}`, () => {
    assert.equal(state.encode(c.state), c.encoded);
    assert.deepEqual(JSON.parse(JSON.stringify(state.decode(c.encoded))), c.state);
  });
}

test("there are vectors to check", () => {
  assert.ok(VECTORS.states.length >= 8);
});
