<?php
// {"course", "zip", "options": {scorm field: value}} -> the new activity as Moodle parsed it:
// {cmid, scorm (row), scoes, sco_ids, scoes_data {scoid: {name: value}}, objectives (2004)}.
// Moodle's own path: the zip into the admin's draft area as the upload form does, scorm_validate_package(),
// then create_module() (scorm_add_instance() -> scorm_parse() -> scorm_parse_scorm()).
require(__DIR__ . '/_cli.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

$args = cb_args();
$course = $DB->get_record('course', ['id' => $args['course']], '*', MUST_EXIST);

$draftid = file_get_unused_draft_itemid();
$file = get_file_storage()->create_file_from_pathname(['contextid' => context_user::instance($USER->id)->id,
    'component' => 'user', 'filearea' => 'draft', 'itemid' => $draftid, 'filepath' => '/',
    'filename' => basename($args['zip'])], $args['zip']);
if ($errors = scorm_validate_package($file)) {
    cb_fail(implode(' ', $errors), 'package_rejected', ['errors' => $errors]);
}

$cfg = get_config('scorm');
$defaults = ['name' => pathinfo($args['zip'], PATHINFO_FILENAME), 'scormtype' => SCORM_TYPE_LOCAL,
    'updatefreq' => SCORM_UPDATE_NEVER, 'popup' => $cfg->popup, 'width' => $cfg->framewidth,
    'height' => $cfg->frameheight, 'skipview' => $cfg->skipview, 'hidebrowse' => $cfg->hidebrowse,
    'displaycoursestructure' => $cfg->displaycoursestructure, 'hidetoc' => $cfg->hidetoc, 'nav' => $cfg->nav,
    'navpositionleft' => $cfg->navpositionleft, 'navpositiontop' => $cfg->navpositiontop,
    'displayattemptstatus' => $cfg->displayattemptstatus, 'grademethod' => $cfg->grademethod,
    'maxgrade' => $cfg->maxgrade, 'maxattempt' => $cfg->maxattempt, 'whatgrade' => $cfg->whatgrade,
    'forcenewattempt' => $cfg->forcenewattempt, 'lastattemptlock' => $cfg->lastattemptlock,
    'forcecompleted' => $cfg->forcecompleted, 'masteryoverride' => $cfg->masteryoverride, 'auto' => $cfg->auto,
    'autocommit' => $cfg->autocommit, 'timeopen' => 0, 'timeclose' => 0];
$fixed = ['modulename' => 'scorm', 'course' => $course->id, 'section' => 0, 'visible' => 1,
    'visibleoncoursepage' => 1, 'cmidnumber' => '', 'groupmode' => 0, 'groupingid' => 0, 'packagefile' => $draftid,
    'introeditor' => ['text' => '', 'format' => FORMAT_HTML, 'itemid' => file_get_unused_draft_itemid()]];
$info = create_module((object)($fixed + $args['options'] + $defaults));

$scorm = $DB->get_record('scorm', ['id' => $info->instance], '*', MUST_EXIST);
$scoes = $DB->get_records('scorm_scoes', ['scorm' => $scorm->id], 'sortorder, id');
if (!$scoes || $scorm->version === 'ERROR') {
    cb_fail("Moodle could not parse the package's imsmanifest.xml (version {$scorm->version})", 'package_rejected',
        ['scorm' => (array)$scorm]);
}
$data = [];
foreach ($DB->get_records_list('scorm_scoes_data', 'scoid', array_keys($scoes), 'id') as $row) {
    $data[$row->scoid][$row->name] = $row->value;
}
$objectives = cb_rows($DB->get_records_list('scorm_seq_objective', 'scoid', array_keys($scoes), 'id'), ['id', 'scoid']);
foreach ($objectives as &$objective) {
    $objective['mapinfo'] = cb_rows($DB->get_records('scorm_seq_mapinfo', ['objectiveid' => $objective['id']], 'id'));
}
$ints = ['id', 'course', 'launch', 'grademethod', 'maxgrade', 'maxattempt', 'whatgrade', 'popup', 'skipview',
    'hidetoc', 'nav', 'forcenewattempt', 'lastattemptlock', 'forcecompleted', 'masteryoverride', 'auto'];
cb_reply([
    'cmid' => (int)$info->coursemodule,
    'scorm' => cb_rows([$scorm], $ints)[0],
    'scoes' => cb_rows($scoes, ['id', 'scorm', 'sortorder']),
    'sco_ids' => array_values(array_map(fn($s) => (int)$s->id,
        array_filter($scoes, fn($s) => $s->scormtype === 'sco'))),
    'scoes_data' => (object)$data,
    'objectives' => $objectives,
]);
