/* The SCO side of SCORM, running in the launcher page (scorm_launch.html).
 *
 * One launcher = one SCO session: it finds the LMS API, calls Initialize once, keeps the session
 * while lesson pages come and go in its iframe, and calls Terminate once, on "Exit course" or when
 * the window closes. Pages report progress through window.CourseBuilderSCO (see page.js).
 *
 * Nothing is lost when the LMS stumbles: every value waits in a queue until the LMS has accepted it
 * and a Commit has succeeded; failures are retried with back-off, and the learner is told when the
 * LMS keeps refusing. */
(function (CB) {
  "use strict";

  // An answer reaches the LMS within this (plus the Commit itself), so closing the tab right after
  // answering loses nothing; a learner clicking fast still makes at most ~3 Commits a second.
  var COMMIT_GAP_MS = 300;
  var RETRY_MS = [500, 1000, 2000, 4000, 8000, 15000];
  var WARN_AFTER_FAILURES = 3;
  var FIND_RETRY_MS = [100, 200, 400];            // no API yet: an LMS may add it a moment late
  var INIT_RETRY_MS = [250, 500, 1000, 2000, 3000]; // Initialize refused: try again for about 7 s
  var OBJECTIVES = "cmi.objectives.", INTERACTIONS = "cmi.interactions.";

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function timeOfDay(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function centiseconds(ms) { return Math.max(0, Math.round(ms / 10)); }

  /* Each edition's element names and formats. */
  var EDITIONS = {
    scorm12: {
      apiName: "API",
      call: { init: "LMSInitialize", term: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
              commit: "LMSCommit", error: "LMSGetLastError" },
      el: { entry: "cmi.core.entry", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
            sessionTime: "cmi.core.session_time", suspendData: "cmi.suspend_data",
            mode: "cmi.core.lesson_mode", credit: "cmi.core.credit", mastery: "cmi.student_data.mastery_score" },
      // 1.2 LMSs differ in what cmi.core.entry says on a later launch or after a reload (Moodle
      // keeps "ab-initio" for the rest of the attempt), and reading suspend_data is harmless.
      hasStoredData: function () { return true; },
      alreadyInitialized: null, sessionEnded: null,   // 1.2 has one code (101) for every failure
      masteryPercent: function (value) { return value === "" ? null : parseFloat(value); },
      duration: function (ms) {  // CMITimespan HHHH:MM:SS.SS
        var cs = centiseconds(ms);
        return pad(Math.floor(cs / 360000), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" +
          pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
      },
      status: function (summary, reporting, credit) {
        var failed = summary.passed === false, passed = summary.passed === true;
        var value;
        if (credit === "no-credit") value = summary.complete ? "completed" : "incomplete";
        else if (reporting === "passed-incomplete") value = summary.complete && !failed ? (passed ? "passed" : "completed") : "incomplete";
        else if (reporting === "completed-incomplete") value = summary.complete ? "completed" : "incomplete";
        else if (reporting === "completed-failed") value = failed ? "failed" : summary.complete ? "completed" : "incomplete";
        else value = failed ? "failed" : summary.complete ? (passed ? "passed" : "completed") : "incomplete";
        var values = [["cmi.core.lesson_status", value]];
        if (summary.score !== null && credit !== "no-credit") {
          values.push(["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", String(summary.score)]);
        }
        return values;
      },
      // A record's fields, each [name under cmi.objectives.n., value]; the caller sets the id.
      objective: function (objective) {
        var values = [];
        if (objective.score !== null) values.push(["score.min", "0"], ["score.max", "100"], ["score.raw", String(objective.score)]);
        values.push(["status", objective.status]);
        return values;
      },
      interaction: function (quiz, r, latencyMs, when) {
        var q = r.question;
        var values = [
          ["objectives.0.id", q.objective],
          ["time", timeOfDay(when)],
          ["type", interactionType(q)]
        ];
        responses12.correct(q, CB.tracker.answerKey(quiz, q)).forEach(function (pattern, i) { values.push(["correct_responses." + i + ".pattern", pattern]); });
        return values.concat([
          ["weighting", String(q.points)],
          ["student_response", responses12.given(q, r.letters)],
          ["result", result(r, "wrong")],
          ["latency", this.duration(latencyMs)]
        ]);
      }
    },
    scorm2004: {
      apiName: "API_1484_11",
      call: { init: "Initialize", term: "Terminate", get: "GetValue", set: "SetValue",
              commit: "Commit", error: "GetLastError" },
      el: { entry: "cmi.entry", location: "cmi.location", exit: "cmi.exit",
            sessionTime: "cmi.session_time", suspendData: "cmi.suspend_data",
            mode: "cmi.mode", credit: "cmi.credit", mastery: "cmi.scaled_passing_score" },
      // Reading an element never set is error 403 in 2004: only a resumed attempt has data.
      hasStoredData: function (entry) { return entry === "resume"; },
      alreadyInitialized: 103, sessionEnded: 104,
      masteryPercent: function (value) { return value === "" ? null : parseFloat(value) * 100; },
      duration: function (ms) {  // ISO 8601: PT1H2M3.5S
        var cs = centiseconds(ms), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
        return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + ((cs % 6000) / 100) + "S";
      },
      status: function (summary, reporting, credit) {
        var success = summary.passed === true ? "passed" : "unknown";
        if (summary.passed === false && /-failed$/.test(reporting)) success = "failed";
        var values = [["cmi.completion_status", summary.complete ? "completed" : "incomplete"],
          ["cmi.progress_measure", String(progressMeasure(summary))]];
        if (credit !== "no-credit") {
          values.push(["cmi.success_status", success]);
          if (summary.score !== null) {
            values.push(["cmi.score.min", "0"], ["cmi.score.max", "100"], ["cmi.score.raw", String(summary.score)],
              ["cmi.score.scaled", String(Math.round(summary.score * 100) / 10000)]);
          }
        }
        return values;
      },
      objective: function (objective) {
        var values = [];
        if (objective.score !== null) {
          values.push(["score.min", "0"], ["score.max", "100"], ["score.raw", String(objective.score)],
            ["score.scaled", String(Math.round(objective.score * 100) / 10000)]);
        }
        values.push(["success_status", objective.status === "passed" ? "passed" : objective.status === "failed" ? "failed" : "unknown"],
          ["completion_status", objective.status === "incomplete" ? "incomplete" : "completed"]);
        return values;
      },
      /* The primary objective (the manifest's, what the course score measures) follows the course. */
      primaryObjective: function (summary) {
        return {
          id: CB.course.primaryObjective, score: summary.score,
          status: summary.passed === true ? "passed" : summary.passed === false ? "failed" :
            summary.complete ? "completed" : "not attempted"
        };
      },
      interaction: function (quiz, r, latencyMs, when) {
        var q = r.question;
        var iso = when.getFullYear() + "-" + pad(when.getMonth() + 1, 2) + "-" + pad(when.getDate(), 2) + "T" + timeOfDay(when);
        var values = [
          ["type", interactionType(q)],
          ["objectives.0.id", q.objective],
          ["timestamp", iso],
          ["weighting", String(q.points)]
        ];
        var names = CB.tracker.names(quiz, q);
        responses2004.correct(q, CB.tracker.answerKey(quiz, q), names).forEach(function (pattern, i) { values.push(["correct_responses." + i + ".pattern", pattern]); });
        return values.concat([
          ["learner_response", responses2004.given(q, r.letters, names)],
          ["result", result(r, "incorrect")],
          ["latency", this.duration(latencyMs)],
          ["description", q.description]
        ]);
      }
    }
  };

  /* SCORM's interaction type for each of our question types (a simulation step is a choice). */
  function interactionType(q) {
    return { "true-false": "true-false", "fill-in": "fill-in", numeric: "numeric", matching: "matching",
      ordering: "sequencing" }[q.type] || "choice";
  }

  /* "correct", "wrong"/"incorrect", the share earned for partial credit, or "neutral" for a
   * simulation step where every choice is worth the same. */
  function result(r, wrong) {
    if (!r.max && r.question.type === "step") return "neutral";
    if (r.correct) return "correct";
    return r.share > 0 ? String(Math.round(r.share * 100) / 100) : wrong;
  }

  function typedNumber(text) {
    var n = CB.tracker.parseNumber(text);
    return n === null ? "0" : String(n);
  }

  /* Patterns and responses, SCORM 1.2: single characters joined by "," (choice letters a-z). The
   * correct ones come from the question's answer key (key: {correct}, {accept} or {low, high}),
   * which the tracker opens only here, once the learner has submitted. */
  var responses12 = {
    correct: function (q, key) {
      switch (q.type) {
        case "step": return key.correct.split("");   // any best choice is right: one pattern each
        case "fill-in": return key.accept.slice(0, 5).map(function (t) { return t.slice(0, 255); });
        case "numeric": return [String(Math.round(((key.low + key.high) / 2) * 1e6) / 1e6)];
        case "matching": return [pairs(key.correct, function (premise, target) { return premise + "." + target; }, ",")];
        default: return [key.correct.split("").join(",")];
      }
    },
    given: function (q, answer) {
      switch (q.type) {
        case "fill-in": return answer.slice(0, 255);
        case "numeric": return typedNumber(answer);
        case "matching": return pairs(answer, function (premise, target) { return premise + "." + target; }, ",");
        default: return answer.split("").join(",");
      }
    }
  };

  /* SCORM 2004: choices, premises and entries by name ("accounts-payable"), so a report reads like the quiz.
   * `names`: the question's {choices, items} by letter (CB.tracker.names). */
  var responses2004 = {
    correct: function (q, key, names) {
      var words = function (letters, byLetter) { return letters.split("").map(function (c) { return byLetter[c]; }).join("[,]"); };
      switch (q.type) {
        case "step": return key.correct.split("").slice(0, 10).map(function (c) { return names.choices[c]; });
        case "fill-in": return key.accept.slice(0, 5).map(function (t) { return "{case_matters=" + !!q.caseSensitive + "}" + t; });
        case "numeric": return [key.low + "[:]" + key.high];
        case "matching": return [pairs(key.correct, function (premise, target) { return names.items[premise] + "[.]" + names.choices[target]; }, "[,]")];
        case "ordering": return [words(key.correct, names.items)];
        default: return [words(key.correct, names.choices)];
      }
    },
    given: function (q, answer, names) {
      switch (q.type) {
        case "fill-in": return answer;
        case "numeric": return typedNumber(answer);
        case "matching": return pairs(answer, function (premise, target) { return names.items[premise] + "[.]" + names.choices[target]; }, "[,]");
        case "ordering": return answer.split("").map(function (c) { return names.items[c]; }).join("[,]");
        default: return answer.split("").map(function (c) { return names.choices[c]; }).join("[,]");
      }
    }
  };

  /* A matching answer ("ba_": target per premise, "_" unanswered) as source/target pairs. */
  function pairs(answer, pair, separator) {
    var out = [];
    answer.split("").forEach(function (target, i) {
      if (target !== "_") out.push(pair("abcdefghijklmnopqrstuvwxyz".charAt(i), target));
    });
    return out.join(separator);
  }

  function progressMeasure(summary) {
    var total = summary.lessonsTotal + summary.quizzesRequired;
    if (!total) return 1;
    return Math.round(((summary.lessonsVisited + summary.quizzesPassed) / total) * 100) / 100;
  }

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

  function SCO(editionName, course) {
    this.edition = EDITIONS[editionName];
    this.course = course;
    this.api = null;
    this.started = Date.now();
    this.initialized = false;
    this.terminated = false;
    this.state = CB.state.empty();
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
      self.api = findAPI(window, ed.apiName);
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
    if (this.edition.hasStoredData(this.get(el.entry))) this.state = CB.state.decode(this.get(el.suspendData));
    // The LMS may hold objectives before the SCO writes any (a SCORM 2004 LMS adds the manifest's
    // at the start of every attempt): each is found by its id, never assumed to be absent.
    this.objectiveCount = parseInt(this.get("cmi.objectives._count"), 10) || 0;
    for (var n = 0; n < this.objectiveCount; n++) this.objectiveIndex[this.get("cmi.objectives." + n + ".id")] = n;
    this.interactionCount = parseInt(this.get("cmi.interactions._count"), 10) || 0;
  };

  SCO.prototype.getState = function () {
    return CB.state.decode(CB.state.encode(this.state));
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
    var summary = CB.tracker.summarize(this.state);
    var ed = this.edition, self = this;
    if (this.credit !== "no-credit") {
      var objectives = CB.tracker.objectives(this.state).concat(CB.tracker.preAssessmentObjectives(this.state));
      if (ed.primaryObjective) objectives.unshift(ed.primaryObjective(summary));
      objectives.forEach(function (objective) {
        if (objective.status !== "not attempted") self.record(OBJECTIVES, objective.id, ed.objective(objective));
      });
    }
    if (event && event.type === "submit" && event.result) {
      var quiz = CB.tracker.quiz(event.quizId), when = new Date();
      event.result.questions.forEach(function (r) {
        self.record(INTERACTIONS, quiz.id + "." + r.question.id,
          ed.interaction(quiz, r, event.latencies[r.question.id] || 0, when));
      });
    }
    this.queue(ed.status(summary, this.course.reporting, this.credit));
    // "suspend" from the first commit on, not only at exit: where the exit itself cannot be saved
    // (a tab closed in an LMS that cannot commit during page unload), the next launch still resumes.
    this.queue([[ed.el.exit, "suspend"]]);
    // An empty location is a type mismatch in 2004; the welcome page just leaves the last lesson.
    if (this.state.location) this.queue([[ed.el.location, this.state.location]]);
    this.queue([[ed.el.suspendData, CB.state.encode(this.state)]]);
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
        if (window.console) console.warn("LMS refused " + element + " (error " + error.code + ")");
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
      this.api = findAPI(window, this.edition.apiName);
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

  SCO.editions = EDITIONS;   // for tests of the status tables

  /* What the launcher says when the course is not being recorded: plainly, and what to do. */
  var UNTRACKED = {
    absent: "No LMS connection was found, so your progress will not be reported. You can still take the course.",
    ended: "This window was reloaded, which ended its session with the learning system: nothing you do " +
      "here from now on is recorded. Your progress up to the reload is saved. Close this window and open " +
      "the course again from the learning system to carry on.",
    refused: "The learning system did not accept the connection, so nothing you do here is recorded. Close " +
      "this window and open the course again from the learning system; if this keeps happening, tell your " +
      "LMS administrator."
  };

  /* The launcher page: connect, offer to resume, show the course. */
  CB.launch = function (editionName) {
    var sco = new SCO(editionName, CB.course);
    window.CourseBuilderSCO = sco;
    var status = document.getElementById("cb-launch-status");
    var warning = document.getElementById("cb-launch-warning");
    var frame = document.getElementById("cb-content");
    sco.onWarning = function (on) {
      warning.textContent = on ? "Your progress is not reaching the learning system right now. Keep this window " +
        "open: it is kept here and sent as soon as the connection is back." : "";
      warning.hidden = !on;
    };
    sco.onExit = function () {
      frame.hidden = true;
      frame.removeAttribute("src");
      document.getElementById("cb-resume").hidden = true;
      status.textContent = "You have left the course. Your progress is saved; you can close this window.";
    };
    window.addEventListener("pagehide", function () { sco.exit(true); });
    window.addEventListener("unload", function () { sco.exit(true); });

    function show(url) {
      document.getElementById("cb-resume").hidden = true;
      frame.src = url || "index.html";
      frame.hidden = false;
    }
    status.textContent = "Connecting to the learning system...";
    sco.start(function (outcome) {
      status.textContent = outcome === "absent" ? UNTRACKED.absent :
        sco.connected() && sco.readOnly() ? "Review mode: you can look through the course; nothing you do here changes your record." : "";
      if (outcome === "ended" || outcome === "refused") {
        warning.textContent = UNTRACKED[outcome];
        warning.hidden = false;
      }
      var where = CB.tracker.locationUrl(sco.state);
      if (!where) return show();
      // Coming back: offer to continue where the learner left off.
      var offer = document.getElementById("cb-resume");
      var lesson = CB.course.lessons.filter(function (l) { return l.url === where; })[0];
      document.getElementById("cb-resume-where").textContent = lesson.title;
      document.getElementById("cb-resume-continue").addEventListener("click", function () { show(where); });
      document.getElementById("cb-resume-start").addEventListener("click", function () { show(); });
      offer.hidden = false;
      document.getElementById("cb-resume-continue").focus();
    });
  };
})(window.CourseBuilder = window.CourseBuilder || {});
