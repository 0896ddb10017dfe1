<?php
// {"user": id, "course": id, "role": "editingteacher"|"teacher"|"student"|...} -> {"roleid"}: enrols the user
// in the course with that role through the manual enrolment plugin (as create_user.php does for students).
require(__DIR__ . '/_cli.php');

$args = cb_args();
$roleid = (int)$DB->get_field('role', 'id', ['shortname' => $args['role']], MUST_EXIST);
$instance = $DB->get_record('enrol', ['courseid' => $args['course'], 'enrol' => 'manual'], '*', MUST_EXIST);
enrol_get_plugin('manual')->enrol_user($instance, $args['user'], $roleid);
cb_reply(['roleid' => $roleid]);
