/* Browser storage that never throws.
 * In an LMS iframe sandboxed without allow-same-origin, or with storage disabled, touching
 * localStorage raises SecurityError; the course must keep working (field notes), just without memory. */
(function (CB) {
  "use strict";
  CB.storage = {
    get: function (key) {
      try {
        var text = window.localStorage.getItem(key);
        return text ? JSON.parse(text) : null;
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch (e) {
        return false;
      }
    }
  };
})(window.CourseBuilder = window.CourseBuilder || {});
