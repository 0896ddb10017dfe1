/* The SCO side of SCORM, running in the launcher page (scorm_launch.html): the LMS API wrapper.
 *
 * One launcher = one SCO session: it finds the LMS API, calls Initialize once, keeps the session
 * while lesson pages come and go in its iframe, and calls Terminate once, on "Exit course" or when
 * the window closes. Pages report progress through window.CourseBuilderSCO (see progress.js); what a
 * change means for the LMS is reporting.js's, how each edition writes it scorm-editions.js's.
 *
 * Nothing is lost when the LMS stumbles: every value waits in a queue until the LMS has accepted it
 * and a Commit has succeeded; failures are retried with back-off, and the learner is told when the
 * LMS keeps refusing. */
import { EDITIONS } from "./scorm-editions.js";
import { report } from "./reporting.js";
import { decode, empty, encode } from "./state.js";

var COMMIT_GAP_MS = 300;
var RETRY_MS = [500, 1000, 2000, 4000, 8000, 15000];
var WARN_AFTER_FAILURES = 3;
var FIND_RETRY_MS = [100, 200, 400];            // no API yet: an LMS may add it a moment late
var INIT_RETRY_MS = [250, 500, 1000, 2000, 3000]; // Initialize refused: try again for about 7 s
var OBJECTIVES = "cmi.objectives.", INTERACTIONS = "cmi.interactions.";
/* Standard discovery (SCORM run-time environment): the parent chain first, then the opener's. */
function findAPI(win, name) {
  function search(w) {
    for (var hops = 0; w && hops < 500; hops++) {
      try {
        if (w[name]) return w[name];
      } catch (e) { /* cross-origin frame: keep climbing */ }
      if (w.parent === w) break;
      w = w.parent;
    }
    return null;
  }
  var api = search(win.parent !== win ? win.parent : null) || search(win);
  if (!api && win.opener) {
    try { api = search(win.opener); } catch (e) { api = null; }
  }
  return api;
}

function SCO(editionName, course, tracker, win) {
  this.edition = EDITIONS[editionName];
  this.course = course;
  this.tracker = tracker;
  this.window = win;
  this.api = null;
  this.started = Date.now();
  this.initialized = false;
  this.terminated = false;
  this.state = empty();
  this.pending = new Map();      // element -> latest value the LMS does not hold yet
  this.accepted = new Map();     // element -> value the LMS has accepted
  this.records = [];             // objectives and interactions waiting to be written (see record)
  this.written = [];             // records written since the last successful Commit
  this.objectiveIndex = {};      // objective id -> its slot in the LMS's cmi.objectives
  this.objectiveCount = 0;
  this.objectiveSent = {};       // objective id -> the fields last queued, to skip repeats
  this.interactionCount = 0;
  this.failures = 0;
  this.lastCommit = 0;
  this.timer = null;
  this.exitRequested = false;
  this.mode = "normal";
  this.credit = "credit";
  this.onWarning = function () {};
  this.onExit = function () {};
}

SCO.prototype.connected = function () { return this.initialized && !this.terminated; };

SCO.prototype.readOnly = function () { return this.mode === "review" || this.mode === "browse"; };

/* One API call. Throws when there is no API or its method throws (the LMS is gone: the API is
 * then dropped and found again later), and when SetValue or Commit is refused (error.code). */
SCO.prototype.call = function (name) {
  var api = this.api, method = this.edition.call[name];
  if (!api) throw new Error("no LMS API");
  var result;
  try {
    result = api[method].apply(api, Array.prototype.slice.call(arguments, 1));
  } catch (e) {
    this.api = null;
    throw e;
  }
  if ((name === "set" || name === "commit") && String(result) !== "true") {
    var error = new Error(method + " returned " + result);
    error.code = this.lastError();
    throw error;
  }
  return result;
};

SCO.prototype.lastError = function () {
  try { return parseInt(this.api[this.edition.call.error](), 10) || 0; } catch (e) { return 0; }
};

SCO.prototype.get = function (element) {
  var value = this.call("get", element);
  return value === null || value === undefined ? "" : String(value);
};

/* Find the API and Initialize, trying again with back-off (an LMS may add its API late, or
 * stumble once), then read what the LMS holds. done(outcome): "connected"; "absent", no LMS;
 * "ended", the LMS ended this session already (this page was reloaded); "refused". */
SCO.prototype.start = function (done) {
  var self = this, ed = this.edition, finds = 0, tries = 0;
  function attempt() {
    self.api = findAPI(self.window, ed.apiName);
    if (!self.api) {
      if (finds < FIND_RETRY_MS.length) return setTimeout(attempt, FIND_RETRY_MS[finds++]);
      return done("absent");
    }
    var code;
    try {
      code = String(self.api[ed.call.init]("")) === "true" ? 0 : self.lastError();
      if (code === 0 || code === ed.alreadyInitialized) {
        self.initialized = true;
        self.load();
        return done("connected");
      }
    } catch (e) {
      self.initialized = false;
      code = -1;
    }
    self.api = null;
    if (code === ed.sessionEnded) return done("ended");
    if (tries < INIT_RETRY_MS.length) return setTimeout(attempt, INIT_RETRY_MS[tries++]);
    done("refused");
  }
  attempt();
};

SCO.prototype.load = function () {
  var el = this.edition.el;
  this.mode = this.get(el.mode) || "normal";
  this.credit = this.get(el.credit) || "credit";
  // A mastery score from the LMS takes precedence over the manifest's (both specifications).
  var mastery = this.edition.masteryPercent(this.get(el.mastery));
  if (mastery !== null && !isNaN(mastery)) this.course.passingScore = mastery;
  if (this.edition.hasStoredData(this.get(el.entry))) this.state = decode(this.get(el.suspendData));
  // The LMS may hold objectives before the SCO writes any (a SCORM 2004 LMS adds the manifest's
  // at the start of every attempt): each is found by its id, never assumed to be absent.
  this.objectiveCount = parseInt(this.get("cmi.objectives._count"), 10) || 0;
  for (var n = 0; n < this.objectiveCount; n++) this.objectiveIndex[this.get("cmi.objectives." + n + ".id")] = n;
  this.interactionCount = parseInt(this.get("cmi.interactions._count"), 10) || 0;
};

SCO.prototype.getState = function () {
  return decode(encode(this.state));
};

SCO.prototype.queue = function (values) {
  var self = this;
  values.forEach(function (pair) {
    if (self.accepted.get(pair[0]) === pair[1] && !self.pending.has(pair[0])) return;
    self.pending.set(pair[0], pair[1]);
  });
};

/* An objective (one per id: the latest replaces one still waiting) or an interaction (each one
 * a new record), written by writeRecord. */
SCO.prototype.record = function (prefix, id, fields) {
  if (prefix === OBJECTIVES) {
    var signature = JSON.stringify(fields);
    if (this.objectiveSent[id] === signature) return;
    this.objectiveSent[id] = signature;
    this.records = this.records.filter(function (r) { return r.prefix !== prefix || r.id !== id || r.index !== null; });
  }
  this.records.push({ prefix: prefix, id: id, fields: fields, index: null });
};

/* Called by pages at every meaningful moment: page viewed, answer changed, quiz submitted. */
SCO.prototype.update = function (state, event) {
  this.state = state;
  if (!this.connected() || this.readOnly()) return;   // review and browse change nothing stored
  var self = this, out = report(this.edition, this.course, this.tracker, state, event, this.credit, new Date());
  out.objectives.forEach(function (o) { self.record(OBJECTIVES, o[0], o[1]); });
  out.interactions.forEach(function (i) { self.record(INTERACTIONS, i[0], i[1]); });
  this.queue(out.values);
  this.schedule(event && event.type === "answer" ? COMMIT_GAP_MS : 0);
};

/* Commit after `delay`, and at most one Commit every COMMIT_GAP_MS. */
SCO.prototype.schedule = function (delay) {
  if (this.timer || this.terminated) return;
  var wait = Math.max(delay, this.lastCommit + COMMIT_GAP_MS - Date.now(), 0);
  var self = this;
  this.timer = setTimeout(function () { self.timer = null; self.flush(); }, wait);
};

/* SetValue that says how it went: "ok"; "refused", a data-model error (4xx: wrong type, read
 * only, ...) that a retry of the same value will not pass; "failed", the LMS stumbled. Throws
 * when the API itself is gone. */
SCO.prototype.trySet = function (element, value) {
  try {
    this.call("set", element, value);
    return "ok";
  } catch (error) {
    if (!this.api) throw error;
    if (error.code >= 401 && error.code <= 499) {
      if (typeof console !== "undefined") console.warn("LMS refused " + element + " (error " + error.code + ")");
      return "refused";
    }
    return "failed";
  }
};

/* One objective or interaction: a new record's id goes first, into the next free slot (an
 * objective the LMS holds keeps its slot); a refused id drops the record, since its fields
 * would land in another record's slot. A refused field is dropped alone. Returns false when the
 * LMS stumbled, to try the record again. */
SCO.prototype.writeRecord = function (r) {
  var objective = r.prefix === OBJECTIVES;
  if (r.index === null && objective && r.id in this.objectiveIndex) r.index = this.objectiveIndex[r.id];
  if (r.index === null) {
    var n = objective ? this.objectiveCount : this.interactionCount;
    var outcome = this.trySet(r.prefix + n + ".id", r.id);
    if (outcome === "failed") return false;
    if (outcome === "refused") return true;
    r.index = n;
    if (objective) {
      this.objectiveIndex[r.id] = n;
      this.objectiveCount = n + 1;
    } else {
      this.interactionCount = n + 1;
    }
  }
  for (var i = 0; i < r.fields.length; i++) {
    if (this.trySet(r.prefix + r.index + "." + r.fields[i][0], r.fields[i][1]) === "failed") return false;
  }
  this.written.push(r);
  return true;
};

/* Send what is pending, then Commit. Returns true when the LMS has it all. A value refused for
 * good stays pending and is sent again with the next Commit and at exit: a newer state may pass. */
SCO.prototype.flush = function () {
  if (this.terminated) return true;
  if (!this.pending.size && !this.records.length) return true;
  var self = this, stumbled = false;
  try {
    // Found again each time: an API that was removed or replaced is told by the object itself.
    this.api = findAPI(this.window, this.edition.apiName);
    this.records = this.records.filter(function (r) {
      if (stumbled) return true;
      stumbled = !self.writeRecord(r);
      return stumbled;
    });
    this.pending.forEach(function (value, element) {
      var outcome = self.trySet(element, value);
      if (outcome === "ok") {
        self.accepted.set(element, value);
        self.pending.delete(element);
      }
      stumbled = stumbled || outcome === "failed";
    });
    this.call("commit", "");
    this.written = [];
    this.lastCommit = Date.now();
  } catch (error) {
    this.fail();
    return false;
  }
  if (stumbled) {
    this.retryLater();
    return false;
  }
  if (this.failures >= WARN_AFTER_FAILURES) this.onWarning(false);
  this.failures = 0;
  if (this.exitRequested) {
    this.exitRequested = false;
    this.exit();
  }
  return true;
};

/* A Commit was refused or the LMS vanished: what it took since the last Commit may be lost with
 * it, so everything is sent again. */
SCO.prototype.fail = function () {
  var self = this;
  this.accepted.forEach(function (value, element) {
    if (!self.pending.has(element)) self.pending.set(element, value);
  });
  this.accepted.clear();
  this.records = this.written.concat(this.records);
  this.written = [];
  this.retryLater();
};

SCO.prototype.retryLater = function () {
  var self = this;
  this.failures += 1;
  if (this.failures === WARN_AFTER_FAILURES) this.onWarning(true);
  clearTimeout(this.timer);
  var delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
  this.timer = setTimeout(function () { self.timer = null; self.flush(); }, delay);
};

/* "Exit course" or the window closing: save, then end the session exactly once. During page
 * dismissal only synchronous API calls happen; nothing waits. */
SCO.prototype.exit = function (dismissing) {
  if (!this.connected()) return;
  var ed = this.edition;
  if (!this.readOnly()) {
    // Always "suspend": the LMS keeps the attempt, so a completed course opens for review with
    // its progress instead of starting over (also queued with the first commit; see update).
    this.queue([[ed.el.exit, "suspend"]]);
  }
  this.queue([[ed.el.sessionTime, ed.duration(Date.now() - this.started)]]);
  clearTimeout(this.timer);
  this.timer = null;
  if (!this.flush() && !dismissing) {
    this.exitRequested = true;   // finish the exit as soon as the LMS takes the data
    return;
  }
  this.terminated = true;
  try { this.api[ed.call.term](""); } catch (e) { /* the window is going anyway */ }
  this.onExit();
};

export { SCO, findAPI, COMMIT_GAP_MS };
