/* digest.js: SHA-256 against the standard's vectors and Python's hashlib, and sealed text opened as
 * answer_key.py sealed it. */
import test from "node:test";
import assert from "node:assert/strict";
import * as digest from "../../course_builder/runtime/js/digest.js";
import { fixtureData } from "./helpers.mjs";

test("SHA-256 gives the FIPS 180-2 vectors", () => {
  assert.equal(digest.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(digest.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  assert.equal(digest.hex("a".repeat(1000000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
});

test("SHA-256 of text agrees with Python's hashlib, block edges and UTF-8 included", () => {
  const hashes = fixtureData().hashes;
  assert.ok(hashes.length >= 10);
  for (const [text, expected] of hashes) assert.equal(digest.hex(text), expected, JSON.stringify(text));
});

test("SHA-256 of bytes is SHA-256 of the same text", () => {
  assert.equal(digest.hex(new TextEncoder().encode("caf\u00e9")), digest.hex("caf\u00e9"));
  assert.equal(digest.sha256("abc").length, 32);
});

test("what answer_key.seal sealed, unseal opens, and only with its key", () => {
  for (const [key, sealed, plain] of fixtureData().seals) {
    assert.deepEqual(JSON.parse(digest.unseal(key, sealed)), plain);
    if (JSON.stringify(plain).length > 2) assert.notEqual(digest.unseal(key + "x", sealed), JSON.stringify(plain));
  }
});
