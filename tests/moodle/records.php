<?php
// {"table", "conditions": {field: value}} -> the rows of a Moodle table (no prefix), ordered by id.
require(__DIR__ . '/_cli.php');

$args = cb_args();
cb_reply(cb_rows($DB->get_records($args['table'], $args['conditions'] ?: null, 'id')));
