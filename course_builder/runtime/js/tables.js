/* Material puts each table of a page in a box that scrolls sideways when the table is wider than the
 * page (on a phone). The keyboard can scroll only what takes focus: while a box scrolls, it is a region
 * in the tab order, named after its table ("Table: Measure, Formula, What it tells you"), so that a
 * screen reader says what it is; once the table fits, the box leaves the tab order again. */

import { formatNumber, t } from "./messages.js";

var HEADERS_IN_NAME = 3;

function tableName(table) {
  var caption = table.querySelector("caption");
  // TRANSLATORS: the name a screen reader gives a table that scrolls sideways, after its caption
  if (caption && caption.textContent.trim()) return t("table.name", "Table: {name}", { name: caption.textContent.trim() });
  var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"), 0, HEADERS_IN_NAME)
    .map(function (cell) { return cell.textContent.trim(); })
    .filter(function (text) { return text; });
  if (!headers.length) return t("table.unnamed", "Table");
  // TRANSLATORS: between the column headings named in a table's name ("Table: Measure, Formula")
  var separator = t("table.heading-separator", ", ");
  return t("table.name", "Table: {name}", { name: headers.join(separator) });
}

function fit(box) {
  if (box.scrollWidth > box.clientWidth) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", box.dataset.cbTableName);
  } else {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
  }
}

/* Names are unique on the page (a second "Table: Day, Message" becomes "Table: Day, Message (2)"). */
export function startTables(doc) {
  var boxes = Array.prototype.slice.call(doc.querySelectorAll(".md-typeset__scrollwrap"));
  var seen = {};
  boxes.forEach(function (box) {
    var table = box.querySelector("table");
    var name = table ? tableName(table) : t("table.unnamed", "Table");
    seen[name] = (seen[name] || 0) + 1;
    box.dataset.cbTableName = seen[name] > 1 ? t("table.repeated-name", "{name} ({number})", { name: name, number: formatNumber(seen[name]) }) : name;
    fit(box);
  });
  // A box starts or stops scrolling when the window turns or resizes, or a closed block or tab opens.
  var view = doc.defaultView;
  if (view && view.ResizeObserver) {
    var observer = new view.ResizeObserver(function (entries) {
      entries.forEach(function (entry) { fit(entry.target); });
    });
    boxes.forEach(function (box) { observer.observe(box); });
  }
}
