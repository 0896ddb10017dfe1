/* The entry of course-builder-quiz.js: the quizzes of a page that has one. */
import { addActivity } from "./activities.js";
import { startQuizzes } from "./quiz.js";

addActivity(function (doc, page) { startQuizzes(doc, page.tracker, page.progress); });
