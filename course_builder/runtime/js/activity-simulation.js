/* The entry of course-builder-simulation.js: the simulated conversations of a page that has one. */
import { addActivity } from "./activities.js";
import { startSimulations } from "./simulation.js";

addActivity(function (doc, page) { startSimulations(doc, page.progress); });
