/*
 * Test LMS for course-builder's browser tests.
 *
 * scorm-again (npm, loaded before this file as scorm-again.js) is the LMS-side runtime: it keeps
 * the CMI data model and checks types, read-only/write-only elements, vocabularies and error codes.
 * It is deliberately lenient (1.2 suspend_data up to 64,000 characters, identifiers with spaces,
 * hours of any length in 1.2 timespans, ...), so this page wraps every API method and adds strict
 * checks of its own, recorded in window.lmsViolations.
 *
 * Some of those checks are refusals, because real LMSs refuse these values (Moodle 4.5 does): the
 * call returns "false" with the error code that LMS gives, the value is not kept, and the rule is
 * recorded as a violation (entry.strict = rule in the log). The others are only recorded.
 *
 * It can also play a struggling LMS (fault injection: refused initializations, commits and values,
 * an API object that disappears and comes back, Commit answering null during page unload, a slow
 * synchronous Commit) and launch attempts in review / browse mode. Injected faults are the LMS's
 * doing: they are logged (entry.injected = true, entry.fault = kind) but are never strict-mode
 * violations. What the SCO sends is still checked, injected or not.
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
  // LMS behaviours (profiles in tests/harness/lms.py are sets of these).
  var profile = params.get("profile") || "strict";            // a name, for the record
  var reinitialize = params.get("reinitialize") === "1";       // 1.2: LMSInitialize after LMSFinish starts over
  var commitNullOnUnload = params.get("commitNullOnUnload") === "1";
  var saveFailsOnUnload = params.get("saveFailsOnUnload") === "1";
  var recordKey = params.get("record");                        // localStorage key for what is stored

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
  window.lmsStores = [];       // each of those: {time (ms since epoch), terminate, interactions (count)}
  window.lmsInitialized = false;
  window.lmsTerminated = false;
  window.lmsSessions = 0;      // accepted Initialize calls (more than 1 only where the LMS allows a restart)
  window.lmsScoLoads = 0;      // documents loaded in the SCO frame (a reload adds one)
  window.lmsProfile = profile;
  window.lmsReady = false;     // API created, state loaded, SCO iframe inserted
  window.lmsError = null;      // set if the page itself could not start
  window.lmsMode = null;       // cmi.mode / cmi.core.lesson_mode at launch
  window.lmsVanished = false;  // true while the API object is gone (vanishAfter / lmsVanish())
  // Fault injection: the settings, what is left of them, and what happened.
  window.lmsFaults = {
    initializeFailures: 0,     // ?initializeFailures=N: the first N Initialize calls fail
    commitFailures: 0,         // ?commitFailures=N: the first N Commit calls fail
    setValueFailures: 0,       // ?setValueFailures=N: the first N SetValue calls fail
    refusals: [],              // ?refuse=CODE[xCOUNT]:REGEX: [{element: REGEX, code, count, left}]
    commitDelayMs: 0,          // ?commitDelayMs=M: Commit and Terminate block for M ms
    commitNullOnUnload: commitNullOnUnload,
    saveFailsOnUnload: saveFailsOnUnload,
    vanishAfter: null,         // ?vanishAfter=N: the API disappears after N successful calls
    returnAfterMs: null,       // ?returnAfterMs=M: ... and comes back M ms later
    initializeFailuresLeft: 0,
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

  // --- strict refusals ----------------------------------------------------------------------
  // Values real LMSs refuse (Moodle 4.5.6's scorm_12.js / scorm_13.js): refusal() says which rule,
  // the error code to answer with and why; the wrapper refuses the call and records the violation.
  // Moodle's CMIShortIdentifier: letters, digits, _ and . only (scorm-again also takes - : / ...).
  var SHORT_ID = /^[\w.]{1,250}$/;
  var OPTIONAL_SHORT_ID = /^$|^[\w.]{1,250}$/;
  var DECIMAL_OR_SHORT_ID = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$|^$|^[\w.]{1,250}$/;
  // The SCORM 2004 responses made of identifiers, as Moodle checks them: nodes split on "[,]",
  // pairs on "[.]", every part checked; correct patterns may start with {order_matters=...} etc.
  var RESPONSE_FORMATS = {
    choice: { list: true, format: SHORT_ID },
    sequencing: { list: true, format: SHORT_ID, prefixes: true },
    likert: { list: false, format: SHORT_ID },
    matching: { list: true, format: SHORT_ID, format2: SHORT_ID, prefixes: true },
    performance: { list: true, format: OPTIONAL_SHORT_ID, format2: DECIMAL_OR_SHORT_ID, prefixes: true },
  };
  var PATTERN_PREFIXES = /^(\{(lang|case_matters|order_matters)=[^}]*\})+/;
  var RESPONSE_ELEMENT = /^cmi\.interactions\.(\d+)\.(learner_response|correct_responses\.\d+\.pattern)$/;
  var OBJECTIVE_ID_ELEMENT = /^cmi\.objectives\.(\d+)\.id$/;

  function responseProblem(type, value, isPattern) {
    // The part of a response Moodle refuses (406), or null.
    var rule = RESPONSE_FORMATS[type];
    if (!rule || (isPattern && value === "" && !rule.format2)) {
      return null;   // not an identifier type; Moodle takes an empty pattern (but not an empty response)
    }
    var nodes = rule.list ? value.split("[,]") : [value];
    for (var i = 0; i < nodes.length; i++) {
      var node = isPattern && rule.prefixes ? nodes[i].replace(PATTERN_PREFIXES, "") : nodes[i];
      var parts = rule.format2 ? node.split("[.]") : [node];
      if (parts.length !== (rule.format2 ? 2 : 1)) {
        return short(node) + " is not one source[.]target pair";
      }
      if (!rule.format.test(parts[0]) || (rule.format2 && !rule.format2.test(parts[1]))) {
        return short(!rule.format.test(parts[0]) ? parts[0] : parts[1]) + " is not a CMIShortIdentifier";
      }
    }
    return null;
  }

  function refusal(api, element, value) {
    // {rule, code, message} if a real LMS refuses SetValue(element, value), else null.
    if (edition === "scorm12") {
      if (element === "cmi.suspend_data" && value.length > 4096) {
        return { rule: "suspend-data-too-long", code: 405,
                 message: "SCORM 1.2 cmi.suspend_data holds 4096 characters (CMIString4096); got " + value.length };
      }
      return null;
    }
    var match = OBJECTIVE_ID_ELEMENT.exec(element);
    var objective = match && api.cmi.objectives.childArray[parseInt(match[1], 10)];
    if (objective && objective.id && objective.id !== value) {
      return { rule: "objective-id-changed", code: 351,
               message: element + " is " + short(objective.id) + ": an objective's id cannot change (to " +
                 short(value) + "); look objectives up by id, the LMS may have set them from the manifest" };
    }
    match = RESPONSE_ELEMENT.exec(element);
    var interaction = match && api.cmi.interactions.childArray[parseInt(match[1], 10)];
    var problem = interaction && responseProblem(String(interaction.type), value, match[2] !== "learner_response");
    if (problem) {
      return { rule: "short-identifier", code: 406,
               message: element + " (" + interaction.type + "): " + problem +
                 " (Moodle's ^[\\w.]{1,250}$: letters, digits, _ and . only)" };
    }
    return null;
  }

  function checkSetValue(method, args, refused) {
    // Record what is wrong with a SetValue: the strict refusal found before the call, if any, and
    // the rules that are only recorded.
    var element = String(args[0]);
    var value = args.length > 1 ? String(args[1]) : "";
    if (refused) {
      violation(refused.rule, method, args, refused.message);
    }
    if ((window.lmsMode === "review" || window.lmsMode === "browse") &&
        REVIEW_WRITABLE[edition].indexOf(element) < 0) {
      violation("write-in-review", method, args,
        "the attempt was launched in " + window.lmsMode + " mode: the SCO must not change " + element +
        " (only " + REVIEW_WRITABLE[edition].join(" and ") + ")");
    }
    if (edition === "scorm12") {
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

  window.lmsSnapshot = function () {
    // Everything a test reads about the session, in one piece (what session.close() keeps).
    return {
      profile: profile, stored: window.lmsStored, stores: window.lmsStores, log: window.lmsLog,
      violations: window.lmsViolations, commits: window.lmsCommits, initialized: window.lmsInitialized,
      terminated: window.lmsTerminated, sessions: window.lmsSessions, mode: window.lmsMode,
      faults: window.lmsFaults, vanished: window.lmsVanished,
    };
  };

  function keepRecord() {
    // The learner's record of the course, for a later launch from another page (Lms.record in
    // tests/harness/lms.py): localStorage outlives this page.
    if (recordKey) {
      try {
        window.localStorage.setItem(recordKey, JSON.stringify(window.lmsStored));
      } catch (e) { /* storage full or blocked: the live page still answers */ }
    }
  }

  function store(terminate) {
    // What a real LMS would persist: the commit object scorm-again renders (on Terminate it
    // includes the new total_time = previous total_time + session_time).
    var commit = window.lmsApi.renderCommitCMI(terminate, terminate);
    window.lmsStored = plain(commit);
    window.lmsStoreCount += 1;
    window.lmsStores.push({ time: Date.now(), terminate: terminate,
                            interactions: window.lmsApi.cmi.interactions.childArray.length });
    keepRecord();
  }

  // --- page unload ---------------------------------------------------------------------------
  // True while this page or the SCO's is being unloaded (tab closed, SCO frame reloaded or
  // navigated away): set by our own pagehide listeners, or seen in the event the SCO frame is
  // handling (its own pagehide listener may run before ours).
  var unloading = { lms: false, sco: false };

  function isUnloading() {
    if (unloading.lms || unloading.sco) {
      return true;
    }
    var frame = document.getElementById("sco");
    try {
      var event = frame && frame.contentWindow && frame.contentWindow.event;
      return !!event && (event.type === "pagehide" || event.type === "unload");
    } catch (e) {
      return false;   // a cross-origin SCO: only our own listeners tell
    }
  }

  function watchUnload(iframe) {
    window.addEventListener("pagehide", function () { unloading.lms = true; });
    iframe.addEventListener("load", function () {
      unloading.sco = false;   // a new SCO document
      window.lmsScoLoads += 1;
      try {
        // Capture listeners on the target run before the SCO's own (bubble) listeners.
        iframe.contentWindow.addEventListener("pagehide", function () { unloading.sco = true; }, true);
      } catch (e) { /* cross-origin */ }
    });
  }

  function busyWait(ms) {
    // A synchronous request to a slow server: the page (and the SCO, same thread) waits.
    var until = Date.now() + ms;
    while (Date.now() < until) { /* blocked */ }
  }

  // --- API wrapping --------------------------------------------------------------------------
  function wrap(api, restart) {
    var names = NAMES[edition];
    var getLastError = api[edition === "scorm12" ? "LMSGetLastError" : "GetLastError"].bind(api);
    var getErrorString = api[edition === "scorm12" ? "LMSGetErrorString" : "GetErrorString"].bind(api);
    var depth = 0; // scorm-again may call its own public methods; only log the SCO's calls
    var faults = window.lmsFaults;
    var FAULT_CODES = {
      // 2004: 102 General Initialization Failure, 391 General Commit Failure, 351 General Set
      // Failure; 1.2 has only 101 General Exception.
      "initialize-failure": edition === "scorm2004" ? 102 : 101,
      "commit-failure": edition === "scorm2004" ? 391 : 101,
      "setvalue-failure": edition === "scorm2004" ? 351 : 101,
      // 2004: 391 General Commit Failure (Commit), 111 General Termination Failure (Terminate).
      "save-fails-on-unload": edition === "scorm2004" ? 391 : 101,
    };

    function scoChecks(method, role, args, wasTerminated, refused) {
      // What the SCO did wrong, whatever the LMS answered (used for injected calls).
      if (wasTerminated && role !== "support" && role !== "initialize") {
        violation("call-after-terminate", method, args, method + " called after the session was terminated");
      }
      if (role === "set") {
        checkSetValue(method, args, refused);
      }
    }

    var refusalPatterns = faults.refusals.map(function (rule) { return new RegExp("^(?:" + rule.element + ")$"); });

    function refusalRule(element) {
      // The first ?refuse= rule for this element with refusals left, or null.
      for (var i = 0; i < faults.refusals.length; i++) {
        var rule = faults.refusals[i];
        if (rule.left !== 0 && refusalPatterns[i].test(element)) {
          return rule;
        }
      }
      return null;
    }

    function inject(fault, method, role, args, wasTerminated, refused, code) {
      var entry = { method: method, args: args, result: null, error: null, injected: true, fault: fault };
      if (fault === "vanished") {
        var lost = new Error("LMS connection lost");
        entry.exception = String(lost);
        window.lmsLog.push(entry);
        scoChecks(method, role, args, wasTerminated, refused);
        throw lost;
      }
      if (fault === "null-on-unload") {
        // Cornerstone: null, not "true" or "false", and nothing stored; no error either.
        api.lastErrorCode = "0";
        entry.error = "0";
        window.lmsLog.push(entry);
        return null;
      }
      // scorm-again's own error state, so GetLastError / GetErrorString / GetDiagnostic answer as
      // for any other failure. The value is not passed on: the LMS keeps nothing of this call.
      api.throwSCORMError(role === "set" ? String(args[0]) : "", code || FAULT_CODES[fault],
        "injected by the test LMS (" + fault + ")");
      entry.result = "false";
      entry.error = String(getLastError());
      window.lmsLog.push(entry);
      scoChecks(method, role, args, wasTerminated, refused);
      return "false";
    }

    function injectedFault(method, role, args, live, wasTerminated, refused) {
      // The fault the test LMS injects into this call (returns the call's result), or undefined.
      if (faults.vanished) {
        return inject("vanished", method, role, args, wasTerminated, refused);
      }
      if (role === "initialize" && !live && faults.initializeFailuresLeft > 0) {
        faults.initializeFailuresLeft -= 1;
        return inject("initialize-failure", method, role, args, wasTerminated, refused);
      }
      // Refusals are injected only into a live session, so a SCO's own mistakes (a Commit
      // before Initialize, a SetValue after Terminate) still reach scorm-again and count.
      if (!live) {
        return undefined;
      }
      if (role === "commit" && commitNullOnUnload && isUnloading()) {
        return inject("null-on-unload", method, role, args, wasTerminated, refused);
      }
      if ((role === "commit" || role === "terminate") && saveFailsOnUnload && isUnloading()) {
        // The browser refuses the LMS's synchronous request during page dismissal.
        return inject("save-fails-on-unload", method, role, args, wasTerminated, refused,
          role === "terminate" && edition === "scorm2004" ? 111 : null);
      }
      if (role === "commit" && faults.commitFailuresLeft > 0) {
        faults.commitFailuresLeft -= 1;
        return inject("commit-failure", method, role, args, wasTerminated, refused);
      }
      var rule = role === "set" ? refusalRule(String(args[0])) : null;
      if (rule) {
        rule.left = rule.left === null ? null : rule.left - 1;
        rule.refused += 1;
        return inject("refused", method, role, args, wasTerminated, refused, rule.code);
      }
      if (role === "set" && faults.setValueFailuresLeft > 0) {
        faults.setValueFailuresLeft -= 1;
        return inject("setvalue-failure", method, role, args, wasTerminated, refused);
      }
      return undefined;
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
        // Judged before the call: afterwards the data model has changed.
        var refused = role === "set" ? refusal(api, String(args[0]), args.length > 1 ? String(args[1]) : "") : null;
        var injected = injectedFault(method, role, args, live, wasTerminated, refused);
        if (injected !== undefined) {
          return injected;
        }
        if (role === "initialize" && wasTerminated && reinitialize) {
          restart(api);   // Moodle's LMSInitialize reloads the data it had when the page was made
        }
        if (faults.commitDelayMs && live && (role === "commit" || role === "terminate")) {
          busyWait(faults.commitDelayMs);
        }
        var result;
        var thrown = null;
        depth += 1;
        // scorm-again 1.2 still answers GetValue / SetValue / Commit after LMSFinish; Moodle says
        // 301 Not initialized (scorm_12.js), and nothing is stored after the session's end.
        var afterFinish = edition === "scorm12" && wasTerminated && (role === "get" || role === "set" || role === "commit");
        try {
          if (refused && live) {
            api.throwSCORMError(String(args[0]), refused.code, refused.message);
            result = "false";
          } else if (afterFinish) {
            api.throwSCORMError(role === "commit" ? "" : String(args[0]), 301, "called after LMSFinish");
            result = role === "get" ? "" : "false";
          } else {
            result = original.apply(api, arguments);
          }
        } catch (e) {
          thrown = e;
        } finally {
          depth -= 1;
        }
        var error = String(getLastError());
        var entry = { method: method, args: args, result: result === undefined ? null : result, error: error };
        if (refused && live) {
          entry.strict = refused.rule;
        }
        if (thrown) {
          entry.exception = String(thrown && thrown.stack || thrown);
        }
        window.lmsLog.push(entry);

        // A rule that explains the error code is reported alone, not also as "error-code".
        var explained = !!entry.strict;
        if (thrown) {
          violation("exception", method, args, "the LMS API threw: " + String(thrown));
        }
        if (role === "initialize") {
          if (wasTerminated) {
            explained = true;
            violation("initialize-after-terminate", method, args,
              method + " called after the session was terminated (a reloaded SCO page?); the LMS " +
              (String(result) === "true" ? "started a new session" : "refused it with error " + error));
          } else if (window.lmsInitialized) {
            violation("multiple-initialize", method, args, method + " called while the session is already initialized");
          }
          if (String(result) === "true") {
            window.lmsInitialized = true;
            window.lmsTerminated = false;
            window.lmsSessions += 1;
          }
        }
        if (role === "terminate") {
          if (wasTerminated) {
            violation("multiple-terminate", method, args, method + " called after the session was already terminated");
          }
        } else if (wasTerminated && role !== "support" && role !== "initialize") {
          violation("call-after-terminate", method, args, method + " called after the session was terminated");
        }
        if (role !== "support" && error !== "0" && !explained && allowErrors.indexOf(error) < 0) {
          violation("error-code", method, args,
            method + "(" + args.map(short).join(", ") + ") set error " +
            error + " (" + String(getErrorString(error)) + ")");
        }
        if (role === "set") {
          checkSetValue(method, args, refused);
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

  // For tests: the learner closes the tab. This page first (a closing tab's top page gets pagehide
  // first), then the SCO frame's pagehide and unload handlers, run by removing the frame. Unlike a
  // real tab close (Chrome stops unload handlers after about 0.5 s) nothing cuts them short, so
  // what a test sees does not depend on the machine's speed. Returns window.lmsSnapshot().
  window.lmsClose = function () {
    unloading.lms = true;
    var frame = document.getElementById("sco");
    if (frame) {
      frame.remove();
    }
    return window.lmsSnapshot();
  };

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

  function parseRefusals() {
    // ?refuse=CODE[xCOUNT]:REGEX, repeatable: SetValue on an element the REGEX fully matches is
    // refused with CODE (COUNT times; always without it).
    return params.getAll("refuse").map(function (text) {
      var match = /^(\d+)(?:x(\d+))?:(.+)$/.exec(text);
      if (!match) {
        throw new Error("?refuse= must be CODE[xCOUNT]:REGEX, e.g. 351x2:cmi\\.suspend_data, not " +
          JSON.stringify(text));
      }
      var times = match[2] === undefined ? null : parseInt(match[2], 10);
      return { element: match[3], code: parseInt(match[1], 10), count: times, left: times, refused: 0 };
    });
  }

  function load(api, initial) {
    // The launch data, then the attempt modes over it (set directly: loadFrom*JSON skips "").
    if (initial) {
      if (isFlattened(initial)) {
        api.loadFromFlattenedJSON(initial);
      } else {
        api.loadFromJSON(initial);
      }
    }
    // scorm-again's setters check the vocabularies (and throw on a bad value).
    var core = edition === "scorm2004" ? api.cmi : api.cmi.core;
    var v12 = edition === "scorm12";
    function vocabulary(name, value, allowed) {
      if (allowed.indexOf(value) < 0) {
        throw new Error("?" + name + "= must be one of " + JSON.stringify(allowed) + ", not " + JSON.stringify(value));
      }
      return value;
    }
    // A 1.2 LMS may leave lesson_mode and credit unset (""), which scorm-again's setters refuse.
    if (launchMode !== null) {
      vocabulary("mode", launchMode, v12 ? ["normal", "review", "browse", ""] : ["normal", "review", "browse"]);
      if (v12 && launchMode === "") {
        core._lesson_mode = "";
      } else {
        core[v12 ? "lesson_mode" : "mode"] = launchMode;
      }
    }
    if (launchCredit !== null) {
      vocabulary("credit", launchCredit, v12 ? ["credit", "no-credit", ""] : ["credit", "no-credit"]);
      if (v12 && launchCredit === "") {
        core._credit = "";
      } else {
        core.credit = launchCredit;
      }
    }
    if (launchEntry !== null) {
      core.entry = vocabulary("entry", launchEntry, ["resume", "ab-initio", ""]);
    }
    window.lmsMode = String(core[v12 ? "lesson_mode" : "mode"] || "normal");
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
    faults.initializeFailures = count("initializeFailures") || 0;
    faults.commitFailures = count("commitFailures") || 0;
    faults.setValueFailures = count("setValueFailures") || 0;
    faults.vanishAfter = count("vanishAfter");
    faults.returnAfterMs = count("returnAfterMs");
    faults.commitDelayMs = count("commitDelayMs") || 0;
    faults.refusals = parseRefusals();
    faults.initializeFailuresLeft = faults.initializeFailures;
    faults.commitFailuresLeft = faults.commitFailures;
    faults.setValueFailuresLeft = faults.setValueFailures;
    if (faults.returnAfterMs !== null && faults.vanishAfter === null) {
      throw new Error("?returnAfterMs= needs ?vanishAfter=");
    }
    if (reinitialize && edition !== "scorm12") {
      throw new Error("?reinitialize=1 is a SCORM 1.2 behaviour (Moodle's LMSInitialize after LMSFinish)");
    }
    var api = new Api(settings);
    load(api, initial);
    wrap(api, function restart() {
      // A new session on the data the LMS had at launch, not what the SCO set since.
      api.reset();
      load(api, initial);
    });
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
    watchUnload(iframe);
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
