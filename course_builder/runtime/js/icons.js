/* The marks of progress, as Material Design icons (the theme's own set), drawn inline: they show in
 * the LMS frame and offline alike. Always beside words (shown or for screen readers), never alone. */
var PATHS = {
  // check-circle: a lesson visited, a module done
  done: "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z",
  // star: a quiz passed, a skills check taken
  quiz: "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z"
};

export function icon(name) {
  return '<svg class="cb-icon cb-icon--' + name + '" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
    '<path d="' + PATHS[name] + '"/></svg>';
}
