/* The SCO side of SCORM, running in the launcher page (scorm_launch.html).
 *
 * One launcher = one SCO session: it finds the LMS API, calls Initialize once, keeps the session
 * while lesson pages come and go in its iframe, and calls Terminate once, on "Exit course" or when
 * the window closes. Pages report progress through window.CourseBuilderSCO (see page.js). */
(function (CB) {
  "use strict";

  var EDITIONS = {
    scorm12: {
      apiName: "API",
      call: { init: "LMSInitialize", term: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
              commit: "LMSCommit", error: "LMSGetLastError" },
      entry: "cmi.core.entry", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
      // Some 1.2 LMSs answer "" rather than "resume" on a later launch; reading is harmless there.
      hasStoredData: function (entry) { return entry === "resume" || entry === ""; },
      sessionTime: "cmi.core.session_time", suspendData: "cmi.suspend_data",
      formatTime: function (ms) {
        // CMITimespan: HHHH:MM:SS.SS
        var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60,
          s = Math.floor(cs / 100) % 60, frac = cs % 100;
        return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(frac, 2);
      },
      statusValues: function (summary) {
        var status = !summary.complete ? "incomplete" :
          summary.passed === null ? "completed" : summary.passed ? "passed" : "failed";
        var values = { "cmi.core.lesson_status": status };
        if (summary.score !== null) {
          values["cmi.core.score.min"] = "0";
          values["cmi.core.score.max"] = "100";
          values["cmi.core.score.raw"] = String(summary.score);
        }
        return values;
      },
      exitValue: function (summary) { return summary.complete ? "" : "suspend"; }
    },
    scorm2004: {
      apiName: "API_1484_11",
      call: { init: "Initialize", term: "Terminate", get: "GetValue", set: "SetValue",
              commit: "Commit", error: "GetLastError" },
      entry: "cmi.entry", location: "cmi.location", exit: "cmi.exit",
      // Reading an element never set is error 403 in 2004: only a resumed attempt has data.
      hasStoredData: function (entry) { return entry === "resume"; },
      sessionTime: "cmi.session_time", suspendData: "cmi.suspend_data",
      formatTime: function (ms) {
        // ISO 8601 duration: PT1H2M3.5S
        var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60,
          s = (cs % 6000) / 100;
        return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
      },
      statusValues: function (summary) {
        var values = {
          "cmi.completion_status": summary.complete ? "completed" : "incomplete",
          "cmi.success_status": summary.passed === null ? "unknown" : summary.passed ? "passed" : "failed",
          "cmi.progress_measure": String(progressMeasure(summary))
        };
        if (summary.score !== null) {
          values["cmi.score.min"] = "0";
          values["cmi.score.max"] = "100";
          values["cmi.score.raw"] = String(summary.score);
          values["cmi.score.scaled"] = String(Math.round(summary.score * 100) / 10000);
        }
        return values;
      },
      exitValue: function (summary) { return summary.complete ? "normal" : "suspend"; }
    }
  };

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
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
    this.terminated = false;
    this.sent = {};
    this.state = CB.tracker.emptyState();
  }

  SCO.prototype.connected = function () { return !!this.api && !this.terminated; };

  SCO.prototype.call = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    return this.api[this.edition.call[name]].apply(this.api, args);
  };

  SCO.prototype.start = function () {
    if (!this.api) return false;
    if (String(this.call("init", "")) !== "true") {
      this.api = null;
      return false;
    }
    var entry = this.call("get", this.edition.entry);
    if (this.edition.hasStoredData(entry)) {
      var stored = this.call("get", this.edition.suspendData);
      if (stored) {
        try { this.state = CB.tracker.normalise(JSON.parse(stored)); } catch (e) { /* unreadable: start afresh */ }
      }
    }
    return true;
  };

  SCO.prototype.getState = function () {
    return JSON.parse(JSON.stringify(this.state));
  };

  /* Called by pages on every meaningful moment (page viewed, quiz answered): send what changed, commit. */
  SCO.prototype.update = function (state) {
    this.state = CB.tracker.normalise(state);
    if (!this.connected()) return;
    var summary = CB.tracker.summarize(this.course, this.state);
    var values = this.edition.statusValues(summary);
    values[this.edition.suspendData] = JSON.stringify(this.state);
    values[this.edition.location] = this.state.location;
    var changed = false;
    for (var element in values) {
      if (this.sent[element] !== values[element]) {
        this.call("set", element, values[element]);
        this.sent[element] = values[element];
        changed = true;
      }
    }
    if (changed) this.call("commit", "");
  };

  SCO.prototype.exit = function () {
    if (!this.connected()) return;
    var summary = CB.tracker.summarize(this.course, this.state);
    this.call("set", this.edition.exit, this.edition.exitValue(summary));
    this.call("set", this.edition.sessionTime, this.edition.formatTime(Date.now() - this.started));
    this.call("commit", "");
    this.call("term", "");
    this.terminated = true;
    if (this.onExit) this.onExit();
  };

  /* Builds the launcher page: connect, then show the course (where the learner left off). */
  CB.launch = function (editionName) {
    var sco = new SCO(editionName, CB.course);
    var connected = sco.start();
    window.CourseBuilderSCO = sco;
    var status = document.getElementById("cb-launch-status");
    var frame = document.getElementById("cb-content");
    if (!connected) {
      status.textContent = "No LMS connection was found, so your progress will not be reported. " +
        "You can still take the course.";
    }
    sco.onExit = function () {
      frame.hidden = true;
      frame.removeAttribute("src");
      status.textContent = "You have left the course. Your progress is saved; you can close this window.";
    };
    // pagehide fires where unload may not (mobile, bfcache); exit() runs only once either way.
    window.addEventListener("pagehide", function () { sco.exit(); });
    window.addEventListener("unload", function () { sco.exit(); });
    frame.src = sco.state.location || "index.html";
    frame.hidden = false;
  };
})(window.CourseBuilder = window.CourseBuilder || {});
