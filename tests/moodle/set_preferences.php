<?php
// {"user": id, "preferences": {name: value}} -> {name: value as stored}: set_user_preference() for each
// (lib/moodlelib.php), e.g. the Interactions report's columns scorm_report_interactions_qtext, _resp,
// _right and _result, which its options form would save.
require(__DIR__ . '/_cli.php');

$args = cb_args();
$user = core_user::get_user($args['user'], '*', MUST_EXIST);
$stored = [];
foreach ($args['preferences'] as $name => $value) {
    set_user_preference($name, $value, $user);
    $stored[$name] = get_user_preferences($name, null, $user);
}
cb_reply($stored);
