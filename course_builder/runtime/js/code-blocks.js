/* Material puts the copy button of each code block in a <nav> without a name: a page of message
 * templates would list a dozen unnamed navigation landmarks to a screen reader. A bar holding one
 * button is no landmark, so it is presented as nothing but its button. */
export function startCodeBlocks(doc) {
  Array.prototype.forEach.call(doc.querySelectorAll(".md-typeset nav.md-code__nav"), function (bar) {
    bar.setAttribute("role", "none");
  });
}
