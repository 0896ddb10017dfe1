<?php
// Shared start of the job scripts: Moodle as a CLI script (config from $COURSE_BUILDER_MOODLE_CONFIG),
// acting as the admin; JSON arguments in argv[1]; one JSON line out: {"ok": true, "result": ...}
// or {"ok": false, "error": ..., "code": ...}. Whatever Moodle prints meanwhile goes into "output".
define('CLI_SCRIPT', true);
ob_start();
require(getenv('COURSE_BUILDER_MOODLE_CONFIG'));

function cb_args(): array {
    global $argv;
    return json_decode($argv[1] ?? '{}', true, 512, JSON_THROW_ON_ERROR);
}

function cb_json(array $reply): void {
    $reply['output'] = ob_get_clean();
    echo "\n", json_encode($reply, JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
}

function cb_reply($result): void {
    cb_json(['ok' => true, 'result' => $result]);
    exit(0);
}

function cb_fail(string $message, string $code = 'error', array $extra = []): void {
    cb_json(['ok' => false, 'error' => $message, 'code' => $code] + $extra);
    exit(1);
}

/** Moodle's records as a plain list of rows, the $ints fields as numbers (Moodle gives strings). */
function cb_rows(array $records, array $ints = ['id']): array {
    return array_values(array_map(function ($record) use ($ints) {
        $row = (array)$record;
        foreach (array_intersect($ints, array_keys($row)) as $name) {
            $row[$name] = (int)$row[$name];
        }
        return $row;
    }, $records));
}

set_exception_handler(function (Throwable $e) {
    cb_fail($e->getMessage(), 'exception', ['class' => get_class($e), 'debuginfo' => $e->debuginfo ?? null,
        'trace' => $e->getTraceAsString()]);
});

\core\session\manager::set_user(get_admin());
