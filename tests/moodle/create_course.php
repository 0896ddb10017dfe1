<?php
// {"shortname", "fullname"} -> the new course's {id, shortname} (course/lib.php create_course()).
require(__DIR__ . '/_cli.php');
require_once($CFG->dirroot . '/course/lib.php');

$args = cb_args();
$course = create_course((object)[
    'shortname' => $args['shortname'],
    'fullname' => $args['fullname'] ?? $args['shortname'],
    'category' => $DB->get_field_select('course_categories', 'MIN(id)', '1 = 1'),
    'format' => 'topics',
    'numsections' => 1,
    'enablecompletion' => 1,
]);
cb_reply(['id' => (int)$course->id, 'shortname' => $course->shortname]);
