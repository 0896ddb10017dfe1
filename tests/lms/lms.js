/*
 * Test LMS for course-builder's browser tests.
 *
 * scorm-again (npm, loaded before this file as scorm-again.js) is the LMS-side runtime: it keeps
 * the CMI data model and checks types, read-only/write-only elements, vocabularies and error codes.
 * It is deliberately lenient (1.2 suspend_data up to 64,000 characters, identifiers with spaces,
 * hours of any length in 1.2 timespans, ...), so this page wraps every API method and adds strict
 * checks of its own, recorded in window.lmsViolations.
 *
 * It can also play a struggling LMS (fault injection: refused commits, refused values, an API
 * object that disappears and comes back) and launch attempts in review / browse mode. Injected
 * faults are the LMS's doing: they are logged (entry.injected = true, entry.fault = kind) but are
 * never strict-mode violations. What the SCO sends is still checked, injected or not.
 *
 * See lms.html for the query parameters.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var edition = params.get("edition") || "scorm12";
  var launch = params.get("launch");
  var stateUrl = params.get("state");
  var allowErrors = (params.get("allowErrors") || "")
    .split(",")
    .map(function (s) { return s.trim(); })
    .filter(Boolean);
  // Attempt modes (null: keep what the state / defaults say).
  var launchMode = params.has("mode") ? params.get("mode") : null;
  var launchCredit = params.has("credit") ? params.get("credit") : null;
  var launchEntry = params.has("entry") ? params.get("entry") : null; // "" is a value here

  function count(name) {
    // A non-negative integer query parameter, or null when absent.
    if (!params.has(name)) {
      return null;
    }
    var text = params.get(name);
    if (!/^\d+$/.test(text)) {
      throw new Error("?" + name + "= must be a non-negative integer, not " + JSON.stringify(text));
    }
    return parseInt(text, 10);
  }

  // Everything a test can read.
  window.lmsEdition = edition;
  window.lmsLog = [];          // [{method, args, result, error}] (+ exception if the API threw;
                               // + injected: true, fault: kind if the test LMS made it fail)
  window.lmsViolations = [];   // [{rule, method, args, message}]
  window.lmsCommits = 0;       // successful explicit Commit / LMSCommit calls
  window.lmsStored = null;     // what the LMS "persisted" at the last successful Commit or Terminate
  window.lmsStoreCount = 0;    // successful Commits + successful Terminate
  window.lmsInitialized = false;
  window.lmsTerminated = false;
  window.lmsReady = false;     // API created, state loaded, SCO iframe inserted
  window.lmsError = null;      // set if the page itself could not start
  window.lmsMode = null;       // cmi.mode / cmi.core.lesson_mode at launch
  window.lmsVanished = false;  // true while the API object is gone (vanishAfter / lmsVanish())
  // Fault injection: the settings, what is left of them, and what happened.
  window.lmsFaults = {
    commitFailures: 0,         // ?commitFailures=N: the first N Commit calls fail
    setValueFailures: 0,       // ?setValueFailures=N: the first N SetValue calls fail
    vanishAfter: null,         // ?vanishAfter=N: the API disappears after N successful calls
    returnAfterMs: null,       // ?returnAfterMs=M: ... and comes back M ms later
    commitFailuresLeft: 0,
    setValueFailuresLeft: 0,
    successfulCalls: 0,        // Initialize/Terminate/GetValue/SetValue/Commit that left error 0
    vanished: false,
    events: [],                // [{event: "vanish" | "restore", reason, successfulCalls, time}]
  };

  var NAMES = {
    scorm12: {
      LMSInitialize: "initialize",
      LMSFinish: "terminate",
      LMSGetValue: "get",
      LMSSetValue: "set",
      LMSCommit: "commit",
      LMSGetLastError: "support",
      LMSGetErrorString: "support",
      LMSGetDiagnostic: "support",
    },
    scorm2004: {
      Initialize: "initialize",
      Terminate: "terminate",
      GetValue: "get",
      SetValue: "set",
      Commit: "commit",
      GetLastError: "support",
      GetErrorString: "support",
      GetDiagnostic: "support",
    },
  };

  // --- strict formats ------------------------------------------------------------------------
  // SCORM 1.2 CMIIdentifier: "alphanumeric group of characters with no white space or unprintable
  // characters, maximum 255". We accept the portable subset letters, digits and _ - . :
  var ID12 = /^[A-Za-z0-9_.:\-]{1,255}$/;
  // SCORM 2004 long_identifier_type: a URI (RFC 3986 characters only, no white space), SPM 4000;
  // if it starts with urn: it must have a namespace identifier and a namespace-specific string.
  var URI_CHARS = /^[A-Za-z0-9\-._~:\/?#\[\]@!$&'()*+,;=%]{1,4000}$/;
  var URN = /^urn:[A-Za-z0-9][A-Za-z0-9\-]{0,31}:.+$/i;
  // SCORM 1.2 CMITimespan: HHHH:MM:SS.SS, 2-4 hour digits, optional 1-2 decimals.
  var TIMESPAN12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  // SCORM 2004 timeinterval (second,10,2): ISO 8601 duration, at least one component, T only
  // when a time component follows, at most 2 decimals on the seconds.
  var DURATION2004 = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;

  var IDENTIFIER_ELEMENT = /^cmi\.(interactions\.\d+\.id|objectives\.\d+\.id|interactions\.\d+\.objectives\.\d+\.id)$/;

  function short(value) {
    var text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 60) + "...(" + String(value).length + " chars)" : text;
  }

  function violation(rule, method, args, message) {
    window.lmsViolations.push({ rule: rule, method: method, args: args, message: message });
  }

  // In review / browse mode the SCO may only say how it left (exit) and for how long (session time).
  var REVIEW_WRITABLE = {
    scorm12: ["cmi.core.exit", "cmi.core.session_time"],
    scorm2004: ["cmi.exit", "cmi.session_time"],
  };

  function checkSetValue(method, args) {
    var element = String(args[0]);
    var value = args.length > 1 ? String(args[1]) : "";
    if ((window.lmsMode === "review" || window.lmsMode === "browse") &&
        REVIEW_WRITABLE[edition].indexOf(element) < 0) {
      violation("write-in-review", method, args,
        "the attempt was launched in " + window.lmsMode + " mode: the SCO must not change " + element +
        " (only " + REVIEW_WRITABLE[edition].join(" and ") + ")");
    }
    if (edition === "scorm12") {
      if (element === "cmi.suspend_data" && value.length > 4096) {
        violation("suspend-data-too-long", method, args,
          "SCORM 1.2 cmi.suspend_data holds 4096 characters; got " + value.length);
      }
      if (IDENTIFIER_ELEMENT.test(element) && !ID12.test(value)) {
        violation("bad-identifier", method, args,
          "SCORM 1.2 CMIIdentifier must be 1-255 of [A-Za-z0-9_.:-] with no white space: " + short(value));
      }
      if (element === "cmi.core.session_time" && !TIMESPAN12.test(value)) {
        violation("bad-session-time", method, args,
          "SCORM 1.2 cmi.core.session_time must be HHHH:MM:SS.SS (2-4 hour digits): " + short(value));
      }
    } else {
      if (element === "cmi.suspend_data" && value.length > 64000) {
        violation("suspend-data-too-long", method, args,
          "SCORM 2004 cmi.suspend_data holds 64000 characters; got " + value.length);
      }
      if (IDENTIFIER_ELEMENT.test(element) &&
          (!URI_CHARS.test(value) || (/^urn:/i.test(value) && !URN.test(value)))) {
        violation("bad-identifier", method, args,
          "SCORM 2004 long_identifier_type must be a URI of at most 4000 characters with no white space: " +
          short(value));
      }
      if (element === "cmi.session_time" && !DURATION2004.test(value)) {
        violation("bad-session-time", method, args,
          "SCORM 2004 cmi.session_time must be an ISO 8601 duration like PT1H2M3.5S: " + short(value));
      }
    }
  }

  // --- state ---------------------------------------------------------------------------------
  function plain(value) {
    return JSON.parse(JSON.stringify(value));
  }

  window.lmsState = function () {
    // {"cmi": {...}} as scorm-again would send it to an LMS (nested JSON, full commit).
    return JSON.parse(window.lmsApi.renderCMIToJSONString());
  };

  window.lmsFlatState = function () {
    // {"cmi.core.lesson_status": "...", ...}
    return plain(window.lmsApi.getFlattenedCMI());
  };

  function store(terminate) {
    // What a real LMS would persist: the commit object scorm-again renders (on Terminate it
    // includes the new total_time = previous total_time + session_time).
    var commit = window.lmsApi.renderCommitCMI(terminate, terminate);
    window.lmsStored = plain(commit);
    window.lmsStoreCount += 1;
  }

  // --- API wrapping --------------------------------------------------------------------------
  function wrap(api) {
    var names = NAMES[edition];
    var getLastError = api[edition === "scorm12" ? "LMSGetLastError" : "GetLastError"].bind(api);
    var getErrorString = api[edition === "scorm12" ? "LMSGetErrorString" : "GetErrorString"].bind(api);
    var initializeCount = 0;
    var terminateCount = 0;
    var depth = 0; // scorm-again may call its own public methods; only log the SCO's calls
    var faults = window.lmsFaults;
    var FAULT_CODES = {
      // 2004: 391 General Commit Failure, 351 General Set Failure; 1.2 has only 101 General Exception.
      "commit-failure": edition === "scorm2004" ? 391 : 101,
      "setvalue-failure": edition === "scorm2004" ? 351 : 101,
    };

    function scoChecks(method, role, args, wasTerminated) {
      // What the SCO did wrong, whatever the LMS answered (used for injected calls).
      if (wasTerminated && role !== "support") {
        violation("call-after-terminate", method, args, method + " called after the session was terminated");
      }
      if (role === "set") {
        checkSetValue(method, args);
      }
    }

    function inject(fault, method, role, args, wasTerminated) {
      var entry = { method: method, args: args, result: null, error: null, injected: true, fault: fault };
      if (fault === "vanished") {
        var lost = new Error("LMS connection lost");
        entry.exception = String(lost);
        window.lmsLog.push(entry);
        scoChecks(method, role, args, wasTerminated);
        throw lost;
      }
      if (fault === "commit-failure") {
        faults.commitFailuresLeft -= 1;
      } else {
        faults.setValueFailuresLeft -= 1;
      }
      // scorm-again's own error state, so GetLastError / GetErrorString / GetDiagnostic answer as
      // for any other failure. The value is not passed on: the LMS keeps nothing of this call.
      api.throwSCORMError(role === "set" ? String(args[0]) : "", FAULT_CODES[fault],
        "injected by the test LMS (" + fault + ")");
      entry.result = "false";
      entry.error = String(getLastError());
      window.lmsLog.push(entry);
      scoChecks(method, role, args, wasTerminated);
      return "false";
    }

    Object.keys(names).forEach(function (method) {
      var role = names[method];
      var original = api[method];
      if (typeof original !== "function") {
        throw new Error("scorm-again API has no method " + method);
      }
      api[method] = function () {
        var args = Array.prototype.slice.call(arguments).map(function (a) {
          return a === undefined ? null : a;
        });
        if (depth > 0) {
          return original.apply(api, arguments);
        }
        var wasTerminated = window.lmsTerminated;
        var live = window.lmsInitialized && !wasTerminated;
        if (faults.vanished) {
          return inject("vanished", method, role, args, wasTerminated);
        }
        // Refusals are injected only into a live session, so a SCO's own mistakes (a Commit
        // before Initialize, a SetValue after Terminate) still reach scorm-again and count.
        if (live && role === "commit" && faults.commitFailuresLeft > 0) {
          return inject("commit-failure", method, role, args, wasTerminated);
        }
        if (live && role === "set" && faults.setValueFailuresLeft > 0) {
          return inject("setvalue-failure", method, role, args, wasTerminated);
        }
        var result;
        var thrown = null;
        depth += 1;
        try {
          result = original.apply(api, arguments);
        } catch (e) {
          thrown = e;
        } finally {
          depth -= 1;
        }
        var error = String(getLastError());
        var entry = { method: method, args: args, result: result === undefined ? null : result, error: error };
        if (thrown) {
          entry.exception = String(thrown && thrown.stack || thrown);
        }
        window.lmsLog.push(entry);

        if (thrown) {
          violation("exception", method, args, "the LMS API threw: " + String(thrown));
        }
        if (role === "initialize") {
          initializeCount += 1;
          if (initializeCount > 1) {
            violation("multiple-initialize", method, args, method + " called " + initializeCount + " times");
          }
          if (String(result) === "true") {
            window.lmsInitialized = true;
          }
        }
        if (role === "terminate") {
          terminateCount += 1;
          if (terminateCount > 1) {
            violation("multiple-terminate", method, args, method + " called " + terminateCount + " times");
          }
        } else if (wasTerminated && role !== "support") {
          violation("call-after-terminate", method, args, method + " called after the session was terminated");
        }
        if (role !== "support" && error !== "0" && allowErrors.indexOf(error) < 0) {
          violation("error-code", method, args,
            method + "(" + args.map(short).join(", ") + ") set error " +
            error + " (" + String(getErrorString(error)) + ")");
        }
        if (role === "set") {
          checkSetValue(method, args);
        }
        if (String(result) === "true") {
          if (role === "commit") {
            window.lmsCommits += 1;
            store(false);
          } else if (role === "terminate" && !wasTerminated) {
            window.lmsTerminated = true;
            store(true);
          }
        }
        if (!thrown && role !== "support" && error === "0") {
          faults.successfulCalls += 1;
          if (faults.vanishAfter !== null && faults.successfulCalls === faults.vanishAfter) {
            vanish(faults.returnAfterMs, "after " + faults.vanishAfter + " successful calls");
          }
        }
        if (thrown) {
          throw thrown;
        }
        return result;
      };
    });
  }

  // --- the API object vanishing and coming back ---------------------------------------------
  var restoreTimer = null;

  function apiName() {
    return edition === "scorm2004" ? "API_1484_11" : "API";
  }

  function vanish(ms, reason) {
    var faults = window.lmsFaults;
    if (!faults.vanished) {
      faults.vanished = true;
      window.lmsVanished = true;
      delete window[apiName()];
      faults.events.push({ event: "vanish", reason: reason, successfulCalls: faults.successfulCalls,
                           time: Date.now() });
    }
    if (restoreTimer !== null) {
      clearTimeout(restoreTimer);
      restoreTimer = null;
    }
    if (ms !== null && ms !== undefined) {
      restoreTimer = setTimeout(function () { restore("after " + ms + " ms"); }, ms);
    }
  }

  function restore(reason) {
    var faults = window.lmsFaults;
    if (restoreTimer !== null) {
      clearTimeout(restoreTimer);
      restoreTimer = null;
    }
    if (faults.vanished) {
      faults.vanished = false;
      window.lmsVanished = false;
      window[apiName()] = window.lmsApi; // the same scorm-again instance: nothing set before is lost
      faults.events.push({ event: "restore", reason: reason, successfulCalls: faults.successfulCalls,
                           time: Date.now() });
    }
  }

  // For tests: make the API disappear now (and come back after ms, if given) / bring it back now.
  window.lmsVanish = function (ms) {
    if (!window.lmsApi) {
      throw new Error("the test LMS has not started");
    }
    vanish(ms === undefined || ms === null ? null : Number(ms), "on demand");
  };
  window.lmsRestore = function () {
    restore("on demand");
  };

  // --- start ---------------------------------------------------------------------------------
  function isFlattened(json) {
    var keys = Object.keys(json);
    return keys.length > 0 && keys.every(function (k) { return k.indexOf(".") > 0; });
  }

  function start(initial) {
    var settings = {
      autocommit: false,
      lmsCommitUrl: false,      // no network: commits succeed locally
      logLevel: 5,              // NONE: tests read lmsLog / lmsViolations instead
      sendFullCommit: true,
      dataCommitFormat: "json",
    };
    var Api = edition === "scorm2004" ? window.Scorm2004API : window.Scorm12API;
    if (edition !== "scorm12" && edition !== "scorm2004") {
      throw new Error("unknown edition " + JSON.stringify(edition) + " (use scorm12 or scorm2004)");
    }
    if (typeof Api !== "function") {
      throw new Error("scorm-again.js did not define the " + edition + " API");
    }
    var faults = window.lmsFaults;
    faults.commitFailures = count("commitFailures") || 0;
    faults.setValueFailures = count("setValueFailures") || 0;
    faults.vanishAfter = count("vanishAfter");
    faults.returnAfterMs = count("returnAfterMs");
    faults.commitFailuresLeft = faults.commitFailures;
    faults.setValueFailuresLeft = faults.setValueFailures;
    if (faults.returnAfterMs !== null && faults.vanishAfter === null) {
      throw new Error("?returnAfterMs= needs ?vanishAfter=");
    }
    var api = new Api(settings);
    if (initial) {
      if (isFlattened(initial)) {
        api.loadFromFlattenedJSON(initial);
      } else {
        api.loadFromJSON(initial);
      }
    }
    // Attempt modes override the state; set directly, as loadFrom*JSON skips "" values.
    // scorm-again's setters check the vocabularies (and throw on a bad value).
    var core = edition === "scorm2004" ? api.cmi : api.cmi.core;
    function vocabulary(name, value, allowed) {
      if (allowed.indexOf(value) < 0) {
        throw new Error("?" + name + "= must be one of " + JSON.stringify(allowed) + ", not " + JSON.stringify(value));
      }
      return value;
    }
    if (launchMode !== null) {
      core[edition === "scorm2004" ? "mode" : "lesson_mode"] =
        vocabulary("mode", launchMode, ["normal", "review", "browse"]);
    }
    if (launchCredit !== null) {
      core.credit = vocabulary("credit", launchCredit, ["credit", "no-credit"]);
    }
    if (launchEntry !== null) {
      core.entry = vocabulary("entry", launchEntry, ["resume", "ab-initio", ""]);
    }
    window.lmsMode = String(core[edition === "scorm2004" ? "mode" : "lesson_mode"] || "normal");
    wrap(api);
    window.lmsApi = api;
    window[apiName()] = api;
    if (!launch) {
      throw new Error("missing ?launch= parameter");
    }
    if (faults.vanishAfter === 0) {
      // Gone before the SCO even looks for it.
      vanish(faults.returnAfterMs, "at launch");
    }
    var iframe = document.createElement("iframe");
    iframe.id = "sco";
    iframe.name = "sco";
    iframe.title = "SCO";
    iframe.src = launch;
    document.body.appendChild(iframe);
    window.lmsReady = true;
  }

  function fail(e) {
    window.lmsError = String(e && e.stack || e);
    var pre = document.createElement("pre");
    pre.id = "lms-error";
    pre.textContent = "Test LMS could not start: " + window.lmsError;
    document.body.appendChild(pre);
  }

  function boot() {
    if (!stateUrl) {
      try { start(null); } catch (e) { fail(e); }
      return;
    }
    fetch(stateUrl, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("state " + stateUrl + ": HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (json) { start(json); })
      .catch(fail);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
