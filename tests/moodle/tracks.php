<?php
// {"scorm", "user", "attempt": n|null, "scoid": id|null} -> {attempts: [n...], attempt: n|null,
// tracks: {element: value}} for that attempt (default: the last) and SCO, from the 4.5 tables
// scorm_attempt, scorm_scoes_value and scorm_element.
require(__DIR__ . '/_cli.php');

$args = cb_args();
$attempts = array_map('intval', $DB->get_fieldset_select('scorm_attempt', 'attempt', 'scormid = ? AND userid = ?',
    [$args['scorm'], $args['user']]));
sort($attempts);
$attempt = $args['attempt'] ?? ($attempts ? end($attempts) : null);
$tracks = [];
if ($attempt !== null && !empty($args['scoid'])) {
    $tracks = $DB->get_records_sql_menu(
        "SELECT e.element, v.value
           FROM {scorm_attempt} a
           JOIN {scorm_scoes_value} v ON v.attemptid = a.id
           JOIN {scorm_element} e ON e.id = v.elementid
          WHERE a.scormid = ? AND a.userid = ? AND a.attempt = ? AND v.scoid = ?
       ORDER BY e.element", [$args['scorm'], $args['user'], $attempt, $args['scoid']]);
}
cb_reply(['attempts' => $attempts, 'attempt' => $attempt, 'tracks' => (object)$tracks]);
