/* Browser storage that never throws.
 * In an LMS iframe sandboxed without allow-same-origin, or with storage disabled, touching
 * localStorage raises SecurityError; the course must keep working (field notes), just without memory. */

export function get(key) {
  try {
    const text = globalThis.localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

export function set(key, value) {
  try {
    globalThis.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch (e) {
    return false;
  }
}
