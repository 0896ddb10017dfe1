<?php
// {"username", "password", "course": id|null} -> {id}: a manual-auth user (user/lib.php user_create_user()),
// enrolled in the course as a student with the manual enrolment plugin.
require(__DIR__ . '/_cli.php');
require_once($CFG->dirroot . '/user/lib.php');

$args = cb_args();
$userid = user_create_user((object)[
    'username' => $args['username'],
    'password' => $args['password'],
    'auth' => 'manual',
    'confirmed' => 1,
    'mnethostid' => $CFG->mnet_localhost_id,
    'firstname' => 'Learner',
    'lastname' => $args['username'],
    'email' => $args['username'] . '@example.invalid',
]);
if (!empty($args['course'])) {
    $manual = enrol_get_plugin('manual');
    $instance = $DB->get_record('enrol', ['courseid' => $args['course'], 'enrol' => 'manual'], '*', MUST_EXIST);
    $manual->enrol_user($instance, $userid, $DB->get_field('role', 'id', ['shortname' => 'student'], MUST_EXIST));
}
cb_reply(['id' => (int)$userid]);
