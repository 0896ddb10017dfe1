<?php
// Once, after admin/cli/install.php: settings that keep the player offline, quiet and deterministic.
// Its content is part of the snapshot's key: editing it makes the next run install afresh.
require(__DIR__ . '/_cli.php');
require_once($CFG->libdir . '/filterlib.php');

// MathJax comes from a public CDN: off. No user tours popping up over the player.
filter_set_global_state('mathjaxloader', TEXTFILTER_DISABLED);
set_config('enabled', 0, 'tool_usertours');
$DB->set_field('tool_usertours_tours', 'enabled', 0);

foreach ([
    'noemailever' => 1, 'passwordpolicy' => 0, 'timezone' => 'UTC', 'forcetimezone' => 'UTC',
    'messaging' => 0, 'enableanalytics' => 0, 'enablegravatar' => 0, 'enablemobilewebservice' => 0,
    'enablebadges' => 0, 'enableblogs' => 0, 'enablerssfeeds' => 0, 'enablestats' => 0,
    'showcampaigncontent' => 0, 'showservicesandsupportcontent' => 0, 'enableuserfeedback' => 0,
    'registrationpending' => 0, 'updateautocheck' => 0, 'enablewebservices' => 0, 'enableaccessibilitytools' => 0,
] as $name => $value) {
    set_config($name, $value);
}
// SCORM defaults for new activities (import_package() passes its own on top).
set_config('popup', 0, 'scorm');
set_config('allowapidebug', 0, 'scorm');

// The Interactions report download holds question, response, right answer and result columns.
foreach (['qtext', 'resp', 'right', 'result'] as $column) {
    set_user_preference("scorm_report_interactions_$column", 1, get_admin());
}

purge_all_caches();
cb_reply(['done' => true]);
