<?php
// {"course", "scorm", "user"} -> the gradebook's grade of the activity for the user (grade_get_grades()):
// {grade: float|null, str_grade, grademax, item}.
require(__DIR__ . '/_cli.php');
require_once($CFG->libdir . '/gradelib.php');

$args = cb_args();
$grades = grade_get_grades($args['course'], 'mod', 'scorm', $args['scorm'], $args['user']);
$item = reset($grades->items);
if (!$item) {
    cb_reply(['grade' => null, 'str_grade' => '', 'item' => null]);
}
$grade = $item->grades[$args['user']] ?? null;
cb_reply(['grade' => $grade ? $grade->grade : null, 'str_grade' => $grade ? $grade->str_grade : '',
    'grademax' => $item->grademax, 'item' => ['name' => $item->name, 'gradepass' => $item->gradepass]]);
