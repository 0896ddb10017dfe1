"""A real Moodle 4.5.6 for the tests: stand it up from a cached snapshot, import our SCORM zips, read back
what Moodle stored. See tests/moodle/README.md.

    moodle = Moodle.start()                    # or the session fixture ``moodle`` (tests/conftest.py)
    course, learner = moodle.new_course_with_learner()
    activity = moodle.import_package(course, zip_path)       # ScormActivity: cmid, id, version, scoes...
    moodle.login(page, learner.username, learner.password)
    page.goto(moodle.player_url(activity))
    moodle.tracks(activity, learner)            # {"cmi.core.lesson_status": "incomplete", ...}
    moodle.stop()

Cold start (once per machine, ~1-6 min): extract the archive into the cache, initdb a private PostgreSQL 15
cluster, admin/cli/install.php, tests/moodle/post_install.php, then a snapshot (a stopped copy of PGDATA and
moodledata). Warm start (each session, a few seconds): copy the snapshot into a fresh run directory, start
PostgreSQL and ``php -S`` on free 127.0.0.1 ports. The Moodle tree itself is shared: its config.php only
loads the per-run config named by $COURSE_BUILDER_MOODLE_CONFIG, so sessions (and clones) can run at once.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import http.cookiejar
import io
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .browser import is_ci

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "tests" / "moodle"
MOODLE_VERSION = "4.5.6"
DEFAULT_ARCHIVE = REPO.parent / "shared" / "lms" / f"moodle-{MOODLE_VERSION}.tar.xz"
PG_BIN = Path(os.environ.get("COURSE_BUILDER_PG_BIN", "/usr/lib/postgresql/15/bin"))
PHP = os.environ.get("COURSE_BUILDER_PHP", "php")
PHP_INI = ["-d", "max_input_vars=5000", "-d", "memory_limit=512M"]
#: The web server's workers share one opcache (about 15 % less CPU a page); the short CLI jobs are faster without.
SERVER_INI = [
    "-d",
    "opcache.enable_cli=1",
    "-d",
    "opcache.memory_consumption=256",
    "-d",
    "opcache.max_accelerated_files=20000",
]
PHP_MODULES = ("pgsql", "xml", "zip", "mbstring", "gd", "intl", "curl", "soap")
DEBIAN_PACKAGES = (
    "postgresql-15 php8.2-cli php8.2-pgsql php8.2-xml php8.2-zip php8.2-mbstring php8.2-gd "
    "php8.2-intl php8.2-curl php8.2-soap"
)
#: Bump when the install recipe changes in a way the hashed files below do not show.
RECIPE_VERSION = "2"
RECIPE_FILES = ("post_install.php", "config.php.in")

ADMIN = ("admin", "Admin-pass-1")
DB = {"name": "moodle", "user": "moodle", "password": "moodle"}
#: Player settings that make tests deterministic: same window, straight to the player, no TOC or nav bar.
TEST_DISPLAY = {"popup": 0, "skipview": 2, "hidetoc": 3, "nav": 0, "displaycoursestructure": 0}


class MoodleUnavailable(Exception):
    """Something the Moodle fixture needs is missing (archive, php, PostgreSQL): skip, or fail on CI."""


class MoodleError(RuntimeError):
    """A tests/moodle/*.php job failed; ``details`` is its JSON reply (error, class, output...)."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


class PackageRejected(MoodleError):
    """scorm_validate_package() (or the manifest parser) refused the zip; the message is Moodle's."""


@dataclass(frozen=True)
class Course:
    id: int
    shortname: str


@dataclass(frozen=True)
class User:
    id: int
    username: str
    password: str


@dataclass
class ScormActivity:
    """A SCORM activity as Moodle stored it after import (plain dicts from the PHP job)."""

    cmid: int
    id: int
    course: int
    name: str
    version: str  # Moodle's names: "SCORM_1.2" or "SCORM_1.3" (2004)
    launch: int  # scorm.launch: the id of the SCO Moodle launches first
    sco_ids: list[int]  # the launchable SCOs (scormtype "sco"), in manifest order
    scoes: list[dict]  # scorm_scoes rows, organizations and items included
    scoes_data: dict[int, dict]  # scoid -> {name: value} from scorm_scoes_data
    objectives: list[dict]  # 2004: scorm_seq_objective rows (with "mapinfo"); [] for 1.2
    record: dict  # the scorm table row
    raw: dict = field(repr=False, default_factory=dict)

    @property
    def sco(self) -> dict:
        """The one launchable SCO's scorm_scoes row (our packages have exactly one)."""
        return next(s for s in self.scoes if s["id"] == self.sco_ids[0])


@dataclass(frozen=True)
class Grade:
    value: float | None  # the gradebook's grade, None when there is none
    str_grade: str  # as Moodle shows it, e.g. "85.00" or "-"
    raw: dict = field(repr=False, default_factory=dict)


# --------------------------------------------------------------------------------------------- paths


def cache_root() -> Path:
    base = os.environ.get("COURSE_BUILDER_CACHE") or Path.home() / ".cache" / "course-builder"
    return Path(base) / f"moodle-{MOODLE_VERSION}"


def archive_path() -> Path:
    return Path(os.environ.get("COURSE_BUILDER_MOODLE_ARCHIVE") or DEFAULT_ARCHIVE)


def check_prerequisites() -> None:
    """Raise MoodleUnavailable naming what is missing (see ./dev setup_moodle, which installs it)."""
    archive = archive_path()
    if not archive.is_file():
        raise MoodleUnavailable(
            f"Moodle archive not found: {archive} (put it there or set COURSE_BUILDER_MOODLE_ARCHIVE)"
        )
    if not shutil.which(PHP):
        raise MoodleUnavailable(f"php not found; ./dev test installs it (apt-get install {DEBIAN_PACKAGES})")
    have = subprocess.run([PHP, "-m"], capture_output=True, text=True).stdout.lower().split()
    lacking = [m for m in PHP_MODULES if m not in have]
    if lacking:
        raise MoodleUnavailable(
            f"PHP modules missing: {', '.join(lacking)}; ./dev test installs them (apt-get install {DEBIAN_PACKAGES})"
        )
    for tool in ("initdb", "pg_ctl", "createdb"):
        if not (PG_BIN / tool).exists():
            raise MoodleUnavailable(
                f"PostgreSQL 15 not found ({PG_BIN / tool}); ./dev test installs it (apt-get install postgresql-15)"
            )


def new_run_dir(prefix: str) -> Path:
    """A fresh directory for one run, in RAM (/dev/shm) when it has room: no disk for PostgreSQL or the copies.

    It names its owner (this process); runs whose owner died without its finalizer are reaped first."""
    reap_abandoned_runs()
    base = None
    try:
        shm = os.statvfs("/dev/shm")
        if shm.f_bavail * shm.f_frsize >= 2 << 30 and os.access("/dev/shm", os.W_OK):
            base = "/dev/shm"
    except OSError:
        pass
    run_dir = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    os.chmod(run_dir, 0o711)  # the postgres user must reach <run>/pg
    (run_dir / "owner").write_text(f"{os.getpid()}\n")
    return run_dir


def _alive(pid: int) -> bool:
    """True for a running process (a zombie is dead: a killed session's may wait long to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def reap_abandoned_runs() -> None:
    """Stop the servers of runs whose session was killed (no finalizer ran) and delete those runs."""
    for base in {"/dev/shm", tempfile.gettempdir()}:
        for run_dir in Path(base).glob("cb-moodle-*"):
            try:
                if _alive(int((run_dir / "owner").read_text())):
                    continue
            except (OSError, ValueError):
                continue  # not a run of ours, or kept (COURSE_BUILDER_MOODLE_KEEP=1)
            try:  # "<pid> <port>" of the php -S we started; the port tells a reused pid apart
                pid, port = (int(n) for n in (run_dir / "php.pid").read_text().split())
                if f"127.0.0.1:{port}".encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.killpg(pid, signal.SIGKILL)
            except (OSError, ValueError):
                pass
            Postgres(run_dir, 0).stop("immediate")  # pg_ctl goes by PGDATA's postmaster.pid
            shutil.rmtree(run_dir, ignore_errors=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def free_port(preferred: int | None = None) -> int:
    """``preferred`` when nothing listens on it, else any free 127.0.0.1 port."""
    for port in ([preferred] if preferred else []) + [0]:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as php -S: TIME_WAIT is no obstacle
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError("no free port")


def log_timing(what: str, seconds: float, detail: str = "") -> str:
    line = f"[moodle] {what}: {seconds:.1f} s{f' ({detail})' if detail else ''}"
    try:
        with open(cache_root() / "timings.log", "a") as f:
            f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")
    except OSError:
        pass
    print(line, file=sys.stderr, flush=True)
    return line


class Stopwatch:
    """Laps of a stand-up, logged as one line: "cold install: 95.2 s (initdb 1.3 s, install.php 80.1 s, ...)"."""

    def __init__(self):
        self.started = self.last = time.monotonic()
        self.laps: list[str] = []

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps.append(f"{name} {now - self.last:.1f} s")
        self.last = now

    def log(self, what: str, *notes: str) -> str:
        return log_timing(what, time.monotonic() - self.started, ", ".join(self.laps + list(notes)))


@contextmanager
def cache_lock() -> Iterator[None]:
    """One cold install / extraction at a time, across sessions and clones."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------- PostgreSQL, php


def _as_postgres() -> dict:
    """PostgreSQL refuses to run as root: then run its tools as the ``postgres`` OS user."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise MoodleError(
            f"{Path(str(cmd[0])).name} failed ({result.returncode}): {(result.stderr or result.stdout).strip()[-3000:]}"
        )
    return result


class Postgres:
    """A private cluster in ``<run>/pg``: data/, sock/ and log, owned by the postgres user when root."""

    def __init__(self, run_dir: Path, port: int):
        self.dir = run_dir / "pg"
        self.data = self.dir / "data"
        self.port = port

    def own(self) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.dir)], check=True)

    def initdb(self) -> None:
        (self.dir / "sock").mkdir(parents=True, exist_ok=True)
        self.own()
        # 1 MB WAL segments and little WAL kept: the snapshot (a copy of PGDATA) stays small.
        _run(
            [
                PG_BIN / "initdb",
                "-D",
                self.data,
                "-U",
                DB["user"],
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--wal-segsize=1",
            ],
            cwd=self.dir,
            **_as_postgres(),
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# course-builder tests: private, fast, throw-away\n"
                "listen_addresses = '127.0.0.1'\nfsync = off\nsynchronous_commit = off\n"
                "full_page_writes = off\nmax_connections = 40\nshared_buffers = 128MB\n"
                "min_wal_size = 2MB\nmax_wal_size = 64MB\n"
            )

    def start(self) -> None:
        _run(
            [
                PG_BIN / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.dir / "postgres.log",
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {self.port} -k {self.dir / 'sock'}",
                "start",
            ],
            cwd=self.dir,
            **_as_postgres(),
        )

    def createdb(self) -> None:
        _run(
            [
                PG_BIN / "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                self.port,
                "-U",
                DB["user"],
                "-E",
                "UTF8",
                "-T",
                "template0",
                DB["name"],
            ],
            cwd=self.dir,
            **_as_postgres(),
        )

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
                capture_output=True,
                cwd=self.dir,
                **_as_postgres(),
            )


def write_run_config(run_dir: Path, dirroot: Path, http_port: int, db_port: int) -> Path:
    """<run>/config.php, Moodle's config for this run (from tests/moodle/config.php.in)."""
    template = (SCRIPTS / "config.php.in").read_text()
    values = {
        "WWWROOT": f"http://127.0.0.1:{http_port}",
        "DATAROOT": str(run_dir / "moodledata"),
        "DIRROOT": str(dirroot),
        "DBPORT": str(db_port),
        **{f"DB{k.upper()}": v for k, v in DB.items()},
    }
    path = run_dir / "config.php"
    path.write_text(re.sub(r"@(\w+)@", lambda m: values[m.group(1)].replace("'", "\\'"), template))
    return path


def php_env(config: Path) -> dict:
    return {**os.environ, "COURSE_BUILDER_MOODLE_CONFIG": str(config)}


def run_php(config: Path, script: str | Path, args: dict | None = None, timeout: float = 300) -> Any:
    """Run tests/moodle/<script> (JSON args in argv[1]); its JSON reply's result, or MoodleError."""
    path = Path(script) if Path(script).is_absolute() else SCRIPTS / script
    proc = subprocess.run(
        [PHP, *PHP_INI, str(path), json.dumps(args or {})],
        capture_output=True,
        text=True,
        env=php_env(config),
        timeout=timeout,
    )
    reply = None
    for line in reversed(proc.stdout.strip().splitlines()):
        try:
            reply = json.loads(line)
            break
        except ValueError:
            continue
    if not isinstance(reply, dict) or proc.returncode and reply.get("ok"):
        raise MoodleError(f"{path.name} failed ({proc.returncode}): {(proc.stderr + proc.stdout).strip()[-3000:]}")
    if not reply.get("ok"):
        kind = PackageRejected if reply.get("code") == "package_rejected" else MoodleError
        raise kind(f"{path.name}: {reply.get('error')}", reply)
    return reply["result"]


# ------------------------------------------------------------------------------------- cache, snapshot


def source_tree() -> Path:
    """The extracted Moodle tree in the cache, re-extracted when the archive's sha256 changes."""
    root, archive = cache_root(), archive_path()
    tree, stamp = root / "src", root / "src" / ".course-builder-archive-sha256"
    want = sha256_of(archive)
    if stamp.is_file() and stamp.read_text().strip() == want:
        return tree
    started = time.monotonic()
    shutil.rmtree(tree, ignore_errors=True)
    partial = root / "src.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    _run(["tar", "-xJf", archive, "-C", partial, "--no-same-owner"])
    inner = list(partial.iterdir())
    top = inner[0] if len(inner) == 1 and inner[0].is_dir() else partial  # tolerate a moodle/ prefix
    top.rename(tree)
    shutil.rmtree(partial, ignore_errors=True)
    (tree / "config.php").write_text(
        "<?php  // course-builder tests: the settings of each run are in the file named by the environment.\n"
        "require(getenv('COURSE_BUILDER_MOODLE_CONFIG') ?: die(\"COURSE_BUILDER_MOODLE_CONFIG is not set\\n\"));\n"
    )
    stamp.write_text(want + "\n")
    log_timing("extract archive", time.monotonic() - started, str(archive))
    return tree


def recipe_key(archive_sha: str) -> str:
    digest = hashlib.sha256(f"{archive_sha} {RECIPE_VERSION}".encode())
    for name in RECIPE_FILES:
        digest.update((SCRIPTS / name).read_bytes())
    return digest.hexdigest()[:16]


def snapshot_dir(tree: Path) -> Path:
    sha = (tree / ".course-builder-archive-sha256").read_text().strip()
    return cache_root() / f"snapshot-{recipe_key(sha)}"


def copy_tree(src: Path, dst: Path) -> None:
    _run(["cp", "-a", "--reflink=auto", src, dst])


def cold_install(tree: Path, snapshot: Path) -> None:
    """Install Moodle into a scratch run and keep a stopped copy of its PGDATA and moodledata."""
    clock = Stopwatch()
    run_dir = new_run_dir("cb-moodle-install-")
    http_port, pg = free_port(), Postgres(run_dir, free_port())
    server = None
    try:
        pg.initdb()
        pg.start()
        pg.createdb()
        clock.lap("initdb")
        config = write_run_config(run_dir, tree, http_port, pg.port)
        (run_dir / "moodledata").mkdir()
        # install.php writes its own config.php and refuses to run beside one: hide ours meanwhile.
        ours = (tree / "config.php").read_text()
        (tree / "config.php").unlink()
        try:
            _run(
                [
                    PHP,
                    *PHP_INI,
                    "admin/cli/install.php",
                    "--non-interactive",
                    "--agree-license",
                    "--allow-unstable",
                    "--lang=en",
                    f"--wwwroot=http://127.0.0.1:{http_port}",
                    f"--dataroot={run_dir / 'moodledata'}",
                    "--dbtype=pgsql",
                    "--dbhost=127.0.0.1",
                    f"--dbport={pg.port}",
                    f"--dbname={DB['name']}",
                    f"--dbuser={DB['user']}",
                    f"--dbpass={DB['password']}",
                    "--prefix=mdl_",
                    "--fullname=Course builder test Moodle",
                    "--shortname=cbtest",
                    f"--adminuser={ADMIN[0]}",
                    f"--adminpass={ADMIN[1]}",
                    "--adminemail=admin@example.invalid",
                    "--supportemail=admin@example.invalid",
                ],
                cwd=tree,
                timeout=1800,
            )
        finally:
            (tree / "config.php").write_text(ours)
        clock.lap("install.php")
        run_php(config, "post_install.php")
        _run([PHP, *PHP_INI, "admin/cli/build_theme_css.php", "--themes=boost"], cwd=tree, env=php_env(config))
        server = PhpServer(tree, run_dir, http_port, config).start()
        server.warm_up()
        clock.lap("settings and caches")
        server.stop()
        pg.stop()
        partial = snapshot.with_name(snapshot.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        copy_tree(pg.data, partial / "pgdata")
        shutil.rmtree(run_dir / "moodledata" / "sessions", ignore_errors=True)
        copy_tree(run_dir / "moodledata", partial / "moodledata")
        (partial / "meta.json").write_text(json.dumps({"http_port": http_port, "created": time.time()}) + "\n")
        for old in cache_root().glob("snapshot-*"):
            if old != partial:
                shutil.rmtree(old, ignore_errors=True)
        partial.rename(snapshot)
        clock.lap("snapshot")
    finally:
        if server:
            server.stop()
        pg.stop("immediate")
        shutil.rmtree(run_dir, ignore_errors=True)
    clock.log("cold install")


def prepare() -> tuple[Path, Path]:
    """(Moodle tree, snapshot dir), extracting and installing first when the cache lacks them."""
    check_prerequisites()
    with cache_lock():
        tree = source_tree()
        snapshot = snapshot_dir(tree)
        if not (snapshot / "meta.json").is_file():
            cold_install(tree, snapshot)
    return tree, snapshot


# ---------------------------------------------------------------------------------------- web server


class PhpServer:
    """``php -S 127.0.0.1:PORT`` from the Moodle root, 4 workers (the SCORM player needs more than one)."""

    def __init__(self, tree: Path, run_dir: Path, port: int, config: Path):
        self.tree, self.port, self.config = tree, port, config
        self.log = run_dir / "php-server.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> PhpServer:
        env = {**php_env(self.config), "PHP_CLI_SERVER_WORKERS": "4"}
        with open(self.log, "ab") as log:
            command = [PHP, *PHP_INI, *SERVER_INI, "-S", f"127.0.0.1:{self.port}", "-t", str(self.tree)]
            self.proc = subprocess.Popen(
                command,
                cwd=self.tree,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        (self.log.parent / "php.pid").write_text(f"{self.proc.pid} {self.port}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise MoodleError(f"php -S exited ({self.proc.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/login/index.php", timeout=30) as response:
                    if response.status == 200 and self.proc.poll() is None:  # ours, not another Moodle
                        return self
            except OSError:
                time.sleep(0.1)
        raise MoodleError(f"Moodle did not answer on {self.url} within {timeout} s; see {self.log}")

    def warm_up(self) -> None:
        """Fetch the login page and what it links from the Moodle root, so the caches hold them."""
        with urllib.request.urlopen(f"{self.url}/login/index.php", timeout=120) as response:
            html = response.read().decode("utf-8", "replace")
        for link in sorted(set(re.findall(r'(?:href|src)="(http://127\.0\.0\.1:\d+/[^"]+\.php/[^"]+)"', html))):
            try:
                urllib.request.urlopen(link.replace("&amp;", "&"), timeout=120).read()
            except OSError:
                pass

    def stop(self) -> None:
        """Stop php -S and its workers: the process group we started (a busy worker may outlive TERM)."""
        if not self.proc:
            return
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        self.proc = None


# ------------------------------------------------------------------------------------------ the API


class Moodle:
    """A running Moodle (fresh state from the snapshot) and the tests' way into it."""

    _names = itertools.count(1)

    def __init__(self, tree: Path, run_dir: Path, config: Path, pg: Postgres, server: PhpServer):
        self.tree, self.run_dir, self.config, self.pg, self.server = tree, run_dir, config, pg, server
        self.url = server.url
        self.admin = User(2, *ADMIN)
        self._admin_opener = None

    @classmethod
    def start(cls) -> Moodle:
        """Warm start from the snapshot (after a cold install if there is none). Raises MoodleUnavailable."""
        tree, snapshot = prepare()
        clock = Stopwatch()
        meta = json.loads((snapshot / "meta.json").read_text())
        run_dir = new_run_dir("cb-moodle-")
        pg, server = Postgres(run_dir, 0), None
        try:
            pg.dir.mkdir()
            copy_tree(snapshot / "pgdata", pg.data)
            (pg.dir / "sock").mkdir()
            pg.own()
            copy_tree(snapshot / "moodledata", run_dir / "moodledata")
            clock.lap("restore snapshot")
            wanted = int(os.environ.get("COURSE_BUILDER_MOODLE_PORT") or meta["http_port"])
            with cache_lock():  # a port seen free stays ours: the next session looks once our servers listen
                if time.monotonic() - clock.last > 0.5:
                    clock.lap("wait for another session's start")
                pg.port = free_port()
                pg.start()
                clock.lap("postgres")
                port = free_port(wanted)
                config = write_run_config(run_dir, tree, port, pg.port)
                if port != meta["http_port"]:
                    # Cached theme CSS and pages hold absolute URLs with the install's port.
                    _run([PHP, *PHP_INI, "admin/cli/purge_caches.php"], cwd=tree, env=php_env(config))
                    clock.lap(f"port {port} is not the install's {meta['http_port']}: purge caches")
                server = PhpServer(tree, run_dir, port, config).start()
                clock.lap("php -S")
        except BaseException:
            if server:
                server.stop()
            pg.stop("immediate")
            shutil.rmtree(run_dir, ignore_errors=True)
            raise
        clock.log("warm start", server.url, f"run {run_dir}")
        return cls(tree, run_dir, config, pg, server)

    def stop(self) -> None:
        """Stop php and PostgreSQL and delete the run (kept when COURSE_BUILDER_MOODLE_KEEP=1)."""
        self.server.stop()
        self.pg.stop("immediate")
        if os.environ.get("COURSE_BUILDER_MOODLE_KEEP") == "1":
            (self.run_dir / "owner").unlink(missing_ok=True)  # not reaped by later sessions either
            print(f"[moodle] kept {self.run_dir}", file=sys.stderr)
        else:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def php(self, script: str, **args) -> Any:
        """Run a job script of tests/moodle/ with keyword arguments as its JSON; its result."""
        return run_php(self.config, script, args)

    # --- courses and users

    def create_course(self, shortname: str | None = None, fullname: str | None = None) -> Course:
        shortname = shortname or f"course{next(self._names)}"
        row = self.php("create_course.php", shortname=shortname, fullname=fullname or shortname)
        return Course(row["id"], row["shortname"])

    def create_learner(
        self, username: str | None = None, password: str = "Learner-pass-1", course: Course | int | None = None
    ) -> User:
        """A manual-auth user, enrolled as a student in ``course`` when given."""
        username = username or f"learner{next(self._names)}"
        row = self.php(
            "create_user.php", username=username, password=password, course=_id(course) if course is not None else None
        )
        return User(row["id"], username, password)

    def new_course_with_learner(self) -> tuple[Course, User]:
        course = self.create_course()
        return course, self.create_learner(course=course)

    # --- SCORM

    def import_package(self, course: Course | int, zip_path: str | Path, **options) -> ScormActivity:
        """Upload ``zip_path`` as the upload form does, validate it, create the activity.

        Options are scorm table fields: grademethod (0 SCOs, 1 highest, 2 average, 3 sum), maxgrade,
        maxattempt (0 unlimited), whatgrade (0 highest, 1 average, 2 first, 3 last attempt), popup, skipview,
        hidetoc, nav, forcenewattempt, lastattemptlock, forcecompleted, masteryoverride, auto, name...
        Defaults: Moodle's, with TEST_DISPLAY on top. Raises PackageRejected with Moodle's message."""
        settings = {**TEST_DISPLAY, **options}
        data = self.php("import_scorm.php", course=_id(course), zip=str(Path(zip_path).resolve()), options=settings)
        return ScormActivity(
            cmid=data["cmid"],
            id=data["scorm"]["id"],
            course=data["scorm"]["course"],
            name=data["scorm"]["name"],
            version=data["scorm"]["version"],
            launch=data["scorm"]["launch"],
            sco_ids=data["sco_ids"],
            scoes=data["scoes"],
            scoes_data={int(k): v for k, v in data["scoes_data"].items()},
            objectives=data["objectives"],
            record=data["scorm"],
            raw=data,
        )

    def attempts(self, activity: ScormActivity, user: User | int) -> list[int]:
        """The learner's attempt numbers (scorm_attempt), oldest first."""
        return self.php("tracks.php", scorm=activity.id, user=_id(user))["attempts"]

    def tracks(
        self, activity: ScormActivity, user: User | int, attempt: int | None = None, scoid: int | None = None
    ) -> dict[str, str]:
        """element -> value Moodle stored for one attempt (default: the last) and SCO (default: the first)."""
        data = self.php(
            "tracks.php", scorm=activity.id, user=_id(user), attempt=attempt, scoid=scoid or activity.sco_ids[0]
        )
        return data["tracks"]

    def wait_for_track(
        self, activity: ScormActivity, user: User | int, element: str, page=None, timeout: float = 30, **which
    ) -> dict[str, str]:
        """tracks() once ``element`` is stored (or at the timeout: check the result).

        Pass the Playwright ``page`` that plays the SCO: the waits then go through it. The tests' ``page``
        fixture routes requests through a Python callback, so while Python sleeps the page's requests
        (the SCO's pages, Moodle's datamodel.php) do not move at all."""
        deadline = time.monotonic() + timeout
        while True:
            tracks = self.tracks(activity, user, **which)
            if element in tracks or time.monotonic() > deadline:
                return tracks
            page.wait_for_timeout(500) if page is not None else time.sleep(0.5)

    def grade(self, activity: ScormActivity, user: User | int) -> Grade:
        data = self.php("grade.php", course=activity.course, scorm=activity.id, user=_id(user))
        grade = data.get("grade")
        return Grade(None if grade is None else float(grade), data.get("str_grade") or "", data)

    def records(self, table: str, **conditions) -> list[dict]:
        """Rows of any Moodle table (without the mdl_ prefix), for what the helpers above do not cover."""
        return self.php("records.php", table=table, conditions=conditions)

    def enrol(self, user: User | int, course: Course | int, role: str = "student") -> None:
        """Enrol a user in a course with a role by its shortname (tests/moodle/enrol.php)."""
        self.php("enrol.php", user=_id(user), course=_id(course), role=role)

    def create_teacher(self, course: Course | int, username: str | None = None) -> User:
        """A user enrolled in ``course`` as an editing teacher: who sees and downloads its reports."""
        teacher = self.create_learner(username or f"teacher{next(self._names)}", password="Teacher-pass-1")
        self.enrol(teacher, course, "editingteacher")
        return teacher

    def set_preferences(self, user: User | int, **preferences: Any) -> dict[str, Any]:
        """set_user_preference() for each (tests/moodle/set_preferences.php); the values as stored."""
        return self.php("set_preferences.php", user=_id(user), preferences=preferences)

    # --- HTTP and browser

    def view_url(self, activity: ScormActivity) -> str:
        return f"{self.url}/mod/scorm/view.php?id={activity.cmid}"

    def player_url(self, activity: ScormActivity, scoid: int | None = None, **params) -> str:
        """mod/scorm/player.php for the SCO (default: the first); params e.g. mode="normal", newattempt="on"."""
        query = {
            "a": activity.id,
            "scoid": scoid or activity.sco_ids[0],
            "currentorg": activity.sco["organization"],
            **params,
        }
        return f"{self.url}/mod/scorm/player.php?{urllib.parse.urlencode(query)}"

    @staticmethod
    def wait_for_js(page, timeout: float = 60_000) -> None:
        """Wait until Moodle's page JS has initialised (M.util.pending_js empty, as Moodle's Behat waits)."""
        page.wait_for_function(
            "window.M && M.util && M.util.pending_js && M.util.pending_js.length === 0", timeout=timeout
        )

    def login(self, page, username: str, password: str) -> None:
        """Log a Playwright page in through /login/index.php (raises if Moodle refuses).

        The form is filled and submitted in one script: Moodle's JS (core/togglesensitive) re-renders the
        password field some time after the page has loaded, emptying a value typed before it, and on a
        busy machine that was seconds later, so fill() then click() sent an empty password now and then."""
        page.goto(f"{self.url}/login/index.php", wait_until="domcontentloaded")  # the form is there by then
        # The dashboard need not finish loading. A learner's first login makes a cold Moodle build caches
        # before it answers: once in CI that took over the default 10 s, before any package was involved.
        with page.expect_navigation(wait_until="commit", timeout=60_000):
            page.evaluate(
                """([username, password]) => {
                document.getElementById("username").value = username;
                document.getElementById("password").value = password;
                document.getElementById("login").requestSubmit(document.getElementById("loginbtn"));
            }""",
                [username, password],
            )
        if "/login/index.php" in page.url:
            page.wait_for_load_state("domcontentloaded")
            error = page.locator("#loginerrormessage, .alert-danger").all_inner_texts()
            raise MoodleError(f"login as {username} failed: {' '.join(error) or page.url}")

    def http_get(self, path: str) -> bytes:
        """GET a Moodle page as the admin, logged in once per session (stdlib HTTP with a cookie jar)."""
        if self._admin_opener is None:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            html = opener.open(f"{self.url}/login/index.php", timeout=60).read().decode()
            token = re.search(r'name="logintoken" value="([^"]*)"', html)
            form = {"username": ADMIN[0], "password": ADMIN[1], "logintoken": token.group(1) if token else ""}
            response = opener.open(f"{self.url}/login/index.php", urllib.parse.urlencode(form).encode(), timeout=60)
            if "/login/index.php" in response.geturl():
                raise MoodleError("admin login over HTTP failed")
            self._admin_opener = opener
        return self._admin_opener.open(f"{self.url}/{path.lstrip('/')}", timeout=120).read()

    def interactions_report(self, activity: ScormActivity) -> list[dict[str, str]]:
        """Moodle's Interactions report download (its "CSV" is tab-separated), one dict per row.

        The admin's report preferences (question text, response, right answer, result) are switched on at
        install, so each interaction N gives "Question N", "Response N", "Right answer N", "Result N"."""
        raw = self.http_get(f"mod/scorm/report.php?id={activity.cmid}&mode=interactions&download=CSV")
        text = raw.decode("utf-8-sig")
        if text.lstrip().startswith("<"):
            raise MoodleError(f"the interactions report did not download: {text[:500]}")
        return list(csv.DictReader(io.StringIO(text), delimiter="\t"))

    def download_report(self, page, activity: ScormActivity, download: str = "CSV", mode: str = "interactions"):
        """A SCORM report's download as the user logged in on ``page`` gets it (Playwright's request context
        shares the page's cookies): the APIResponse (``.status``, ``.headers``, ``.body()``). ``download``
        is Moodle's case-sensitive value: "CSV" (tab-separated text), "ODS" or "Excel"."""
        query = urllib.parse.urlencode({"id": activity.cmid, "mode": mode, "download": download})
        return page.context.request.get(f"{self.url}/mod/scorm/report.php?{query}", timeout=120_000)


def _id(thing: Any) -> int:
    return thing if isinstance(thing, int) else thing.id


# ----------------------------------------------------------------------------------- pytest fixture


def moodle_fixture(request) -> Iterator[Moodle]:
    """Body of the session fixture ``moodle``: skip locally / fail on CI when Moodle cannot run."""
    import pytest

    try:
        with _show_output(request):
            moodle = Moodle.start()
    except MoodleUnavailable as exc:
        if is_ci():
            pytest.fail(f"{exc} (CI=true: the Moodle tests must not be skipped)", pytrace=False)
        pytest.skip(str(exc))
    try:
        yield moodle
    finally:
        moodle.stop()


@contextmanager
def _show_output(request) -> Iterator[None]:
    """Let the timing lines reach the terminal even with pytest capturing output."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        yield
        return
    with capture.global_and_fixture_disabled():
        yield


if __name__ == "__main__":  # python -m harness.moodle (from tests/): a Moodle to look at, until Ctrl-C
    instance = Moodle.start()
    print(f"Moodle at {instance.url} (admin {ADMIN[0]} / {ADMIN[1]}); Ctrl-C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        instance.stop()
