/* The entry of every page of the site (bundled as course-builder.js): the course's data from
 * course-data.js, progress kept where the page finds it (the LMS through the launcher around it, or
 * this browser), then each part of the page started once the document is read. The page's activities
 * come in their own scripts (activity-*.js), which take this script's modules. */
import { startActivities } from "./activities.js";
import { showCertificate } from "./certificate.js";
import { startCodeBlocks } from "./code-blocks.js";
import { startHome } from "./home.js";
import { useMessages } from "./messages.js";
import { markNavigation } from "./nav.js";
import { addExitButton, pageId, showProgress } from "./page.js";
import { createProgress, findLauncher, lmsStore, localStore } from "./progress.js";
import { startTables } from "./tables.js";
import { createTracker } from "./tracker.js";

const course = window.CourseBuilder.course;
useMessages(course.messages);
const tracker = createTracker(course);
const launcher = findLauncher(window);
const store = launcher ? lmsStore(launcher) : localStore(course);
const progress = createProgress(course, tracker, store, function () {
  showProgress(document, progress.summary());
  markNavigation(document, course, tracker, store.state());
});

// What the browser tests (and a curious trainer's console) reach; nothing here reads it back.
window.CourseBuilder = { course: course, tracker: tracker, progress: progress };

document.addEventListener("DOMContentLoaded", function () {
  progress.visit(pageId(document));
  showProgress(document, progress.summary());
  markNavigation(document, course, tracker, store.state());
  startHome(document, course, tracker, store.state());
  addExitButton(document, progress);
  showCertificate(document, course, progress);
  startActivities(document, { tracker: tracker, progress: progress });
  startTables(document);
  startCodeBlocks(document);
});
