/* The entry of a package's launch page (bundled as scorm.js): scorm_launch.html calls
 * CourseBuilder.launch with its edition once the page is read. */
import { launch } from "./launcher.js";
import { useMessages } from "./messages.js";
import { createTracker } from "./tracker.js";
import { withReportWords } from "./reporting.js";

const course = withReportWords(window.CourseBuilder.course, window.CourseBuilder.reportWords);
useMessages(course.messages);
window.CourseBuilder.launch = function (editionName) { launch(editionName, course, createTracker(course)); };
