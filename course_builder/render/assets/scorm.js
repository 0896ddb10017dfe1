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

  var THROTTLE_MS = 2000;        // at most one commit every 2 s in normal use
  var RETRY_MS = [500, 1000, 2000, 4000, 8000, 15000];
  var WARN_AFTER_FAILURES = 3;

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
      // Some 1.2 LMSs answer "" rather than "resume" on a later launch; reading is harmless there.
      hasStoredData: function (entry) { return entry === "resume" || entry === ""; },
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
      objective: function (n, objective) {
        var p = "cmi.objectives." + n + ".";
        var status = objective.status === "not attempted" ? "not attempted" : objective.status;
        var values = [[p + "id", objective.id]];
        if (objective.score !== null) values.push([p + "score.min", "0"], [p + "score.max", "100"], [p + "score.raw", String(objective.score)]);
        values.push([p + "status", status]);
        return values;
      },
      interaction: function (n, quiz, r, latencyMs, when) {
        var p = "cmi.interactions." + n + ".", q = r.question;
        var values = [
          [p + "id", quiz.id + "." + q.id],
          [p + "objectives.0.id", q.objective],
          [p + "time", timeOfDay(when)],
          [p + "type", interactionType(q)]
        ];
        responses12.correct(q).forEach(function (pattern, i) { values.push([p + "correct_responses." + i + ".pattern", pattern]); });
        return values.concat([
          [p + "weighting", String(q.points)],
          [p + "student_response", responses12.given(q, r.letters)],
          [p + "result", result(r, "wrong")],
          [p + "latency", this.duration(latencyMs)]
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
      objective: function (n, objective) {
        var p = "cmi.objectives." + n + ".";
        var values = [[p + "id", objective.id]];
        if (objective.score !== null) {
          values.push([p + "score.min", "0"], [p + "score.max", "100"], [p + "score.raw", String(objective.score)],
            [p + "score.scaled", String(Math.round(objective.score * 100) / 10000)]);
        }
        values.push([p + "success_status", objective.status === "passed" ? "passed" : objective.status === "failed" ? "failed" : "unknown"],
          [p + "completion_status", objective.status === "incomplete" ? "incomplete" : "completed"]);
        return values;
      },
      interaction: function (n, quiz, r, latencyMs, when) {
        var p = "cmi.interactions." + n + ".", q = r.question;
        var iso = when.getFullYear() + "-" + pad(when.getMonth() + 1, 2) + "-" + pad(when.getDate(), 2) + "T" + timeOfDay(when);
        var values = [
          [p + "id", quiz.id + "." + q.id],
          [p + "type", interactionType(q)],
          [p + "objectives.0.id", q.objective],
          [p + "timestamp", iso],
          [p + "weighting", String(q.points)]
        ];
        responses2004.correct(q).forEach(function (pattern, i) { values.push([p + "correct_responses." + i + ".pattern", pattern]); });
        return values.concat([
          [p + "learner_response", responses2004.given(q, r.letters)],
          [p + "result", result(r, "incorrect")],
          [p + "latency", this.duration(latencyMs)],
          [p + "description", q.description]
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

  /* Patterns and responses, SCORM 1.2: single characters joined by "," (choice letters a-z). */
  var responses12 = {
    correct: function (q) {
      switch (q.type) {
        case "step": return q.correct.split("");   // any best choice is right: one pattern each
        case "fill-in": return q.accept.slice(0, 5).map(function (t) { return t.slice(0, 255); });
        case "numeric": return [String(Math.round(((q.low + q.high) / 2) * 1e6) / 1e6)];
        case "matching": return [pairs(q.correct, function (premise, target) { return premise + "." + target; }, ",")];
        default: return [q.correct.split("").join(",")];
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

  /* SCORM 2004: choices, premises and entries by name ("accounts-payable"), so a report reads like the quiz. */
  var responses2004 = {
    correct: function (q) {
      var words = function (letters, names) { return letters.split("").map(function (c) { return names[c]; }).join("[,]"); };
      switch (q.type) {
        case "step": return q.correct.split("").slice(0, 10).map(function (c) { return q.choices[c]; });
        case "fill-in": return q.accept.slice(0, 5).map(function (t) { return "{case_matters=" + !!q.caseSensitive + "}" + t; });
        case "numeric": return [q.low + "[:]" + q.high];
        case "matching": return [pairs(q.correct, function (premise, target) { return q.items[premise] + "[.]" + q.choices[target]; }, "[,]")];
        case "ordering": return [words(q.correct, q.items)];
        default: return [words(q.correct, q.choices)];
      }
    },
    given: function (q, answer) {
      switch (q.type) {
        case "fill-in": return answer;
        case "numeric": return typedNumber(answer);
        case "matching": return pairs(answer, function (premise, target) { return q.items[premise] + "[.]" + q.choices[target]; }, "[,]");
        case "ordering": return answer.split("").map(function (c) { return q.items[c]; }).join("[,]");
        default: return answer.split("").map(function (c) { return q.choices[c]; }).join("[,]");
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
    this.api = findAPI(window, this.edition.apiName);
    this.started = Date.now();
    this.initialized = false;
    this.terminated = false;
    this.state = CB.state.empty();
    this.pending = new Map();      // element -> value not yet accepted and committed, in order
    this.accepted = new Map();     // element -> value the LMS has accepted
    this.failures = 0;
    this.lastCommit = 0;
    this.timer = null;
    this.exitRequested = false;
    this.mode = "normal";
    this.credit = "credit";
    this.objectiveIndex = {};
    this.interactionCount = 0;
    this.onWarning = function () {};
    this.onExit = function () {};
  }

  SCO.prototype.connected = function () { return this.initialized && !this.terminated; };

  SCO.prototype.readOnly = function () { return this.mode === "review" || this.mode === "browse"; };

  /* One API call; throws when the LMS API is gone or says no. */
  SCO.prototype.call = function (name) {
    if (!this.api) throw new Error("no LMS API");
    var args = Array.prototype.slice.call(arguments, 1);
    var result = this.api[this.edition.call[name]].apply(this.api, args);
    if ((name === "set" || name === "commit") && String(result) !== "true") {
      throw new Error(this.edition.call[name] + " returned " + result);
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

  SCO.prototype.start = function () {
    if (!this.api) return false;
    if (String(this.api[this.edition.call.init]("")) !== "true") {
      this.api = null;
      return false;
    }
    this.initialized = true;
    var el = this.edition.el;
    this.mode = this.get(el.mode) || "normal";
    this.credit = this.get(el.credit) || "credit";
    // A mastery score from the LMS takes precedence over the manifest's (both specifications).
    var mastery = this.edition.masteryPercent(this.get(el.mastery));
    if (mastery !== null && !isNaN(mastery)) this.course.passingScore = mastery;
    if (this.edition.hasStoredData(this.get(el.entry))) {
      this.state = CB.state.decode(this.get(el.suspendData));
      // Objectives and interactions stored earlier keep their places: read which ids sit where.
      var objectives = parseInt(this.get("cmi.objectives._count"), 10) || 0;
      for (var n = 0; n < objectives; n++) this.objectiveIndex[this.get("cmi.objectives." + n + ".id")] = n;
      this.interactionCount = parseInt(this.get("cmi.interactions._count"), 10) || 0;
    }
    return true;
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

  /* Called by pages at every meaningful moment: page viewed, answer changed, quiz submitted. */
  SCO.prototype.update = function (state, event) {
    this.state = state;
    if (!this.connected() || this.readOnly()) return;   // review and browse change nothing stored
    var summary = CB.tracker.summarize(this.state);
    var ed = this.edition, self = this;
    this.queue(ed.status(summary, this.course.reporting, this.credit));
    this.queue([[ed.el.suspendData, CB.state.encode(this.state)]]);
    // An empty location is a type mismatch in 2004; the welcome page just leaves the last lesson.
    if (this.state.location) this.queue([[ed.el.location, this.state.location]]);
    if (this.credit !== "no-credit") {
      CB.tracker.objectives(this.state).concat(CB.tracker.preAssessmentObjectives(this.state)).forEach(function (objective) {
        if (objective.status === "not attempted") return;
        if (!(objective.id in self.objectiveIndex)) {
          self.objectiveIndex[objective.id] = Object.keys(self.objectiveIndex).length;
        }
        self.queue(ed.objective(self.objectiveIndex[objective.id], objective));
      });
    }
    if (event && event.type === "submit" && event.result) {
      var quiz = CB.tracker.quiz(event.quizId), when = new Date();
      event.result.questions.forEach(function (r) {
        self.queue(ed.interaction(self.interactionCount++, quiz, r, event.latencies[r.question.id] || 0, when));
      });
    }
    this.schedule(event && event.type !== "answer" ? 0 : THROTTLE_MS);
  };

  /* Commit soon, but not more often than every THROTTLE_MS. */
  SCO.prototype.schedule = function (delay) {
    if (this.timer || this.terminated) return;
    var wait = Math.max(delay, this.lastCommit + THROTTLE_MS - Date.now(), 0);
    var self = this;
    this.timer = setTimeout(function () { self.timer = null; self.flush(); }, wait);
  };

  /* Send what is pending, then Commit. Returns true when the LMS has everything. */
  SCO.prototype.flush = function () {
    if (this.terminated) return true;
    if (!this.pending.size) return true;
    try {
      if (!this.api) this.reconnect();
      var self = this;
      this.pending.forEach(function (value, element) {
        try {
          self.call("set", element, value);
          self.accepted.set(element, value);
        } catch (error) {
          // A data-model error (4xx: element unsupported, read-only, wrong type...) will not pass
          // on a retry either: drop that one value rather than hold back everything behind it.
          var code = self.lastError();
          if (code >= 401 && code < 500) {
            self.pending.delete(element);
            if (window.console) console.warn("LMS refused " + element + " (error " + code + ")");
            return;
          }
          throw error;
        }
      });
      this.call("commit", "");
      this.pending.clear();
      this.lastCommit = Date.now();
      if (this.failures >= WARN_AFTER_FAILURES) this.onWarning(false);
      this.failures = 0;
      if (this.exitRequested) {
        this.exitRequested = false;
        this.exit();
      }
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  };

  /* The LMS refused or vanished: keep everything, resend it all, and try again later. */
  SCO.prototype.fail = function (error) {
    var self = this;
    this.failures += 1;
    if (/not a function|no LMS API|connection|Cannot read/i.test(String(error && error.message))) this.api = null;
    // A refused or lost Commit may have taken earlier values with it: send everything again.
    this.accepted.forEach(function (value, element) {
      if (!self.pending.has(element)) self.pending.set(element, value);
    });
    this.accepted.clear();
    if (this.failures === WARN_AFTER_FAILURES) this.onWarning(true);
    clearTimeout(this.timer);
    var delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
    this.timer = setTimeout(function () { self.timer = null; self.flush(); }, delay);
  };

  SCO.prototype.reconnect = function () {
    this.api = findAPI(window, this.edition.apiName);
    if (!this.api) throw new Error("no LMS API");
  };

  /* "Exit course" or the window closing: save, then end the session exactly once. During page
   * dismissal only synchronous API calls happen; nothing waits. */
  SCO.prototype.exit = function (dismissing) {
    if (!this.connected()) return;
    var ed = this.edition;
    if (!this.readOnly()) {
      // Always "suspend": the LMS keeps the attempt, so a completed course opens for review with
      // its progress instead of starting over.
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

  /* The launcher page: connect, offer to resume, show the course. */
  CB.launch = function (editionName) {
    var sco = new SCO(editionName, CB.course);
    var connected = sco.start();
    window.CourseBuilderSCO = sco;
    var status = document.getElementById("cb-launch-status");
    var warning = document.getElementById("cb-launch-warning");
    var frame = document.getElementById("cb-content");
    if (!connected) {
      status.textContent = "No LMS connection was found, so your progress will not be reported. " +
        "You can still take the course.";
    } else if (sco.readOnly()) {
      status.textContent = "Review mode: you can look through the course; nothing you do here changes your record.";
    }
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
  };
})(window.CourseBuilder = window.CourseBuilder || {});
