/* Inlined first in <head>. In an iframe sandboxed without allow-same-origin, merely reading
 * window.localStorage throws SecurityError, and Material's own scripts read it unguarded. Give such
 * pages an in-memory stand-in so the course works; it just forgets on reload. */
(function () {
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].getItem("course-builder");
    } catch (e) {
      var items = {};
      Object.defineProperty(window, name, { configurable: true, value: {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null; },
        setItem: function (k, v) { items[k] = String(v); },
        removeItem: function (k) { delete items[k]; },
        clear: function () { items = {}; },
        key: function (i) { return Object.keys(items)[i] || null; },
        get length() { return Object.keys(items).length; }
      } });
    }
  });
})();
