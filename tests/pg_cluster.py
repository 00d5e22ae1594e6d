"""A throw-away PostgreSQL cluster for the tests, and the ``engine`` switch.

One cluster per test session: ``initdb`` into a temporary folder, ``pg_ctl start`` on a
free local port with its unix socket in that folder, stopped at the end. Never a mock.
Where the PostgreSQL binaries are absent the server half of the tests is skipped and
says so (set ``ULT_REQUIRE_POSTGRES=1`` to make that a failure instead, as CI does).

A test module runs on both engines with ``pytestmark = pytest.mark.engines``: its
``db`` (and ``db_target``) fixtures are then parametrized ``sqlite`` / ``postgresql``;
each PostgreSQL test gets a fresh database copied from a demo office made once per
session (``CREATE DATABASE ... TEMPLATE``), as the file tests copy a demo file.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ENGINES = ("sqlite", "postgresql")
_counter = itertools.count(1)


def pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    # Debian/Ubuntu's package keeps them off PATH: /usr/lib/postgresql/<version>/bin
    found_dirs = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                        else 0, reverse=True)
    return found_dirs[0].parent if found_dirs else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A running local cluster: ``url(dbname)``, ``admin()`` (a psycopg connection to
    ``postgres``), ``restart()``, ``stop()``."""

    def __init__(self, bindir: Path, root: Path):
        self.bindir, self.root = bindir, root
        self.data = root / "data"
        self.sock = root / "sock"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            self._as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres")
        self.sock.mkdir()
        if self._as:
            shutil.chown(self.sock, "postgres")

    def _run(self, *args: str, timeout: float = 120) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=timeout)

    def init(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.sock}'\nfsync = off\n"
                    "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n"
                    "shared_buffers = 32MB\n")
        self.start()

    def start(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                  "-l", str(self.root / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-m", mode, "stop")

    def restart(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast",
                  "-l", str(self.root / "server.log"), "restart")

    def log_text(self) -> str:
        """What the server wrote to its log so far."""
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, dbname: str = "postgres", user: str = "postgres",
            password: str | None = None) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def create_db(self, name: str, template: str | None = None) -> str:
        with self.admin() as conn:
            extra = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{extra}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's running cluster (skips where PostgreSQL is not installed)."""
    if os.name == "nt":
        pytest.skip("the throw-away PostgreSQL cluster is POSIX-only (a unix socket, "
                    "runuser postgres): the server engine's tests run on Linux CI")
    bindir = pg_bin()
    if bindir is None:
        if os.environ.get("ULT_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found but "
                        "ULT_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL not installed here (no initdb/pg_ctl): the server engine's "
                    "tests are skipped; install the distribution's 'postgresql' package")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed: pip install -e '.[test]'")
    root = Path(tempfile.mkdtemp(prefix="ult-pg-"))
    cluster = Cluster(bindir, root)
    cluster.init()
    try:
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        # hundreds of offices' files: removed beside the next tests, not before them
        # (a minute of each worker's end of session)
        subprocess.Popen(["rm", "-rf", str(root)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster) -> str:
    """A demo office on the server, made once; tests get copies of it."""
    from ult_desktop.db.open import init_server

    url = pg_cluster.create_db("ult_template")
    init_server(url, demo=True, station_password="station-pw")
    return "ult_template"


@pytest.fixture
def pg_url(pg_cluster, pg_demo_template) -> str:
    """A fresh demo office database on the session's cluster (as its owner)."""
    return pg_cluster.create_db(f"office_{os.getpid()}_{next(_counter)}", pg_demo_template)


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_target(engine, request) -> str:
    """What ``open_database`` takes for this test's office: a file path or a URL."""
    if engine == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(request.getfixturevalue("db_path"))


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "engines: run the module's db tests on SQLite and "
                                       "PostgreSQL (tests/pg_cluster.py)")


def pytest_generate_tests(metafunc) -> None:
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines") \
            and not any(m.name == "parametrize" and "engine" in m.args[0]
                        for m in metafunc.definition.iter_markers()):
        metafunc.parametrize("engine", ENGINES, indirect=True)
