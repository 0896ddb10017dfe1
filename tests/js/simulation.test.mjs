/* The words simulation.js shows beside a choice, and the ordinal of "for the 4th time", in English and
 * from a French table (so a table that is not used makes this fail). */
import test from "node:test";
import assert from "node:assert/strict";
import { ordinal, verdict } from "../../course_builder/runtime/js/simulation.js";
import { useMessages } from "../../course_builder/runtime/js/messages.js";

test("a choice's verdict and ordinals in English", () => {
  assert.deepEqual([verdict(2, 2).words, verdict(1, 2).words, verdict(0, 2).words, verdict(0, 0).words],
    ["Best choice", "Acceptable", "Weak", "Noted"]);
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map(ordinal),
    ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st"]);
});

test("a choice's verdict and ordinals from a French table", () => {
  useMessages({ language: "fr", direction: "ltr", currency: "EUR", table: {
    "simulation.best": "Meilleur choix", "simulation.ordinal-one": "{count}re", "simulation.ordinal-other": "{count}e" } });
  try {
    assert.equal(verdict(2, 2).words, "Meilleur choix");
    assert.deepEqual([1, 4].map(ordinal), ["1re", "4e"]);
  } finally {
    useMessages(null);
  }
});
