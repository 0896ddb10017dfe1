/* SHA-256, synchronous and small: quizzes grade against hashes of the right answers, and the words
 * they show after an answer is submitted travel sealed (see course_builder/core/answer_key.py,
 * which writes both). SubtleCrypto would be async and is missing outside secure contexts (an LMS
 * served over plain http), so this is plain code, checked against known vectors and against
 * Python's hashlib by tests/js/digest.test.js. */
/* The algorithm's constants: the first 32 bits of the fractional parts of the square roots (H) and
 * cube roots (K) of the first 8 and 64 primes (FIPS 180-4, 4.2.2 and 5.3.3). */
var H = [], K = [];
for (var candidate = 2; K.length < 64; candidate++) {
  var prime = true;
  for (var d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
  if (!prime) continue;
  if (H.length < 8) H.push(fraction32(Math.sqrt(candidate)));
  K.push(fraction32(Math.pow(candidate, 1 / 3)));
}

function fraction32(x) { return ((x - Math.floor(x)) * 0x100000000) | 0; }

function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

var encoder = new TextEncoder(), decoder = new TextDecoder();

/* The 32 bytes of SHA-256 of a string (as UTF-8) or of bytes. */
function sha256(input) {
  var bytes = typeof input === "string" ? encoder.encode(input) : input;
  var n = bytes.length, blocks = Math.floor((n + 8) / 64) + 1;
  var w = new Int32Array(blocks * 16);
  for (var i = 0; i < n; i++) w[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
  w[n >> 2] |= 0x80 << (24 - (n % 4) * 8);
  w[blocks * 16 - 2] = Math.floor(n / 0x20000000);   // the length in bits, high word
  w[blocks * 16 - 1] = n * 8;                         // and low word
  var h = H.slice(), m = new Int32Array(64);
  for (var block = 0; block < blocks; block++) {
    for (var t = 0; t < 64; t++) {
      if (t < 16) {
        m[t] = w[block * 16 + t];
      } else {
        var s0 = rotr(m[t - 15], 7) ^ rotr(m[t - 15], 18) ^ (m[t - 15] >>> 3);
        var s1 = rotr(m[t - 2], 17) ^ rotr(m[t - 2], 19) ^ (m[t - 2] >>> 10);
        m[t] = m[t - 16] + s0 + m[t - 7] + s1;
      }
    }
    var a = h[0], b = h[1], c = h[2], e = h[4], f = h[5], g = h[6];
    var dd = h[3], hh = h[7];
    for (t = 0; t < 64; t++) {
      var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + m[t]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g; g = f; f = e; e = (dd + t1) | 0;
      dd = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + dd) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
  }
  var out = new Uint8Array(32);
  for (i = 0; i < 32; i++) out[i] = (h[i >> 2] >>> (24 - (i % 4) * 8)) & 255;
  return out;
}

function hex(input) {
  var bytes = sha256(input), text = "";
  for (var i = 0; i < bytes.length; i++) text += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return text;
}

/* Text sealed by answer_key.seal: base64 of its UTF-8 bytes XOR a keystream whose 32-byte blocks are
 * SHA-256 of key + "\n" + block number. Hides text from a look at the page source; anyone with the
 * key (and it is in the page) can open it. */
function unseal(key, sealed) {
  var raw = atob(sealed), bytes = new Uint8Array(raw.length), stream = null;
  for (var i = 0; i < raw.length; i++) {
    if (i % 32 === 0) stream = sha256(key + "\n" + i / 32);
    bytes[i] = raw.charCodeAt(i) ^ stream[i % 32];
  }
  return decoder.decode(bytes);
}

export { sha256, hex, unseal };
