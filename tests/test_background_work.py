"""Two doors off the GUI thread, one way (ui/common/station.py for the record,
ui/common/off_gui.py for the rest): results come back on
the GUI thread, not at all once the widget that asked is gone, failures without a
handler are logged and reported, and a widget's method is never run on a worker."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from tests.drivers import WAIT
from ult_desktop.db import errors
from ult_desktop.ui.common.off_gui import off_gui
from ult_desktop.ui.common.station import Station

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def station(qtbot, db_path):
    s = Station(db_path, station_id="bg-test", mode="test", poll_ms=50)
    qtbot.waitUntil(lambda: s.online, timeout=WAIT)
    yield s
    s.close()


def _count_services(db) -> int:
    return len(db.query("SELECT id FROM services"))


def _gone(db):
    raise errors.ShareUnavailable(path="x")


def test_database_job_answers_on_the_gui_thread(qtbot, station):
    got = []
    station.run(_count_services, done=lambda n: got.append((n, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert got == [(3, threading.main_thread())]


def test_answer_for_a_closed_widget_is_dropped(qtbot, station):
    page = QLabel()
    got = []
    station.run(_count_services, parent=page, done=got.append)
    shiboken6.delete(page)  # gone now, before the worker can answer (no race with it)
    assert not _alive(page)
    seen = []
    station.run(_count_services, done=seen.append)  # jobs run in order: this one is after
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    assert got == []


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_failure_without_a_handler_is_logged_and_reported(qtbot, station, caplog):
    with qtbot.waitSignal(station.job_failed, timeout=WAIT) as blocker:
        station.run(_gone)
    assert "tidak dapat dijangkau" in blocker.args[0]
    assert "background job failed" in caplog.text


def test_counter_and_admin_failures_are_logged_and_said_the_one_way(qtbot, station, caplog,
                                                                   tmp_path):
    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.ui.admin.base import ERROR_STYLE, Page
    from ult_desktop.ui.counter.session import CounterSession

    session = CounterSession(station, CounterJournal(tmp_path / "desk.sqlite"))
    said, own = [], []
    session.message.connect(lambda text, error: said.append((text, error)))
    session.run(_gone, failed=own.append, parent=None)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert len(own) == 1 and said == [(str(own[0]), True)]
    assert "tidak dapat dijangkau" in said[0][0]
    assert caplog.text.count("background job failed") == 1
    page = Page(station)
    qtbot.addWidget(page)
    page.run(_gone)
    qtbot.waitUntil(lambda: bool(page.status.text()), timeout=WAIT)
    assert page.status.text() == said[0][0] and page.status.styleSheet() == ERROR_STYLE
    assert caplog.text.count("background job failed") == 2 and not page.busy


def test_a_panel_closed_while_its_jobs_wait_on_the_worker_is_never_called_back(
        qtbot, station, tmp_path):
    """A counter panel and an admin page are deleted (signed out, window closed) while
    their jobs are held behind a slow one on the worker: the jobs still run, nobody is
    called back (no answer, no failure sentence, no queue refresh) and nothing crashes
    (pytest-qt fails the test on an exception raised in a callback)."""
    from shiboken6 import delete, isValid

    from ult_desktop.db.journals.desk_journal import CounterJournal
    from ult_desktop.ui.admin.base import Page
    from ult_desktop.ui.counter.cases_panel import CasesPanel
    from ult_desktop.ui.counter.session import CounterSession

    session = CounterSession(station, CounterJournal(tmp_path / "desk.sqlite"))
    said, moved, page_got, ran = [], [], [], []
    session.message.connect(lambda text, error: said.append(text))
    session.queue_moved.connect(lambda: moved.append(True))
    panel = CasesPanel(session)
    page = Page(station)
    gate = threading.Event()
    try:
        station.run(lambda _db: gate.wait(10), parent=None)  # the share is slow: jobs queue
        panel.refresh()                                        # the panel's own read
        session.run(lambda db: ran.append(_count_services(db)), parent=panel,
                    done=lambda _: session.notify("done"))     # through the session
        session.run(_gone, parent=panel)                       # a failure, also unheard
        page.run(_count_services, done=page_got.append)        # the admin page's wrapper
        delete(panel)
        delete(page)
        assert not isValid(panel) and not isValid(page)
        gate.set()
        after = []
        station.run(lambda _db: None, done=after.append, parent=None)  # jobs run in order
        qtbot.waitUntil(lambda: bool(after), timeout=WAIT)
        assert ran == [3]  # the work itself was done
        assert panel.loads == 0 and said == [] and moved == [] and page_got == []
    finally:
        gate.set()


def test_a_widget_method_is_refused_as_a_job(qtbot, station):
    w = QWidget()
    qtbot.addWidget(w)
    with pytest.raises(TypeError):
        station.run(w.isVisible)
    with pytest.raises(TypeError):
        off_gui(w.isVisible)


def test_work_without_the_database_runs_off_the_gui_thread(qtbot):
    parent = QLabel()
    qtbot.addWidget(parent)
    ran, got = [], []
    off_gui(lambda x: ran.append(threading.current_thread()) or x * 2, 21,
                    parent=parent, done=lambda v: got.append((v, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert got == [(42, threading.main_thread())] and ran[0] is not threading.main_thread()
    failures = []
    off_gui(lambda: 1 / 0, failed=failures.append, parent=parent)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT)
    assert isinstance(failures[0], ZeroDivisionError)


class _Freed:
    """Says on which thread its last reference went."""

    def __init__(self, where: list):
        self.where = where

    def __del__(self):
        self.where.append(threading.current_thread() is threading.main_thread())


class _Said(errors.UltError):
    """An error a person may see (not logged, so not kept by the log's capture)."""

    def __init__(self, marker: _Freed):
        Exception.__init__(self, "said")
        self.marker = marker


def _round(qtbot) -> list:
    given, made, failed_with, got = [], [], [], []
    arg = _Freed(given)
    off_gui(lambda a: _Freed(made), arg, done=lambda r: got.append(1))
    del arg
    qtbot.waitUntil(lambda: bool(got and given and made), timeout=WAIT)

    def fail():
        raise _Said(_Freed(failed_with))

    off_gui(fail, failed=lambda e: got.append(2))
    qtbot.waitUntil(lambda: len(got) == 2 and bool(failed_with), timeout=WAIT)
    return [given, made, failed_with]


def test_what_a_job_was_given_and_gave_back_is_let_go_on_the_gui_thread(qtbot):
    """A widget's wrapper whose last reference went on a pool thread would delete the
    widget there: a job's arguments, result and error are released on the GUI thread."""
    for _ in range(20):  # the pool may end before or after the GUI thread delivers
        assert _round(qtbot) == [[True]] * 3


def test_no_other_thread_mechanism_in_the_screens():
    """Only ui/common/station.py and off_gui.py start threads in ui/ (printing threads live
    in devices/)."""
    pattern = re.compile(r"\b(QThread|QThreadPool|QRunnable|QtConcurrent|threading|_thread|"
                         r"ThreadPoolExecutor|concurrent\.futures)\b")
    offenders = [p.relative_to(ROOT).as_posix()
                 for p in (ROOT / "ult_desktop" / "ui").rglob("*.py")
                 if p.name not in ("station.py", "off_gui.py") and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


#: Wrappers whose caller must say whose callback it is: CounterSession.run and
#: CounterWindow.run forward ``parent`` to the Station (required keyword there too).
_FORWARDING_RECEIVERS = ("session", "win")


def _receiver(call) -> str:
    import ast

    return ast.unparse(call.func.value)


def _background_calls_without_parent(source: str, filename: str) -> list[str]:
    import ast

    tree = ast.parse(source, filename)
    # classes whose own ``run`` takes a ``parent`` (a forwarding wrapper): their self.run
    forwarding = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if (isinstance(item, ast.FunctionDef) and item.name == "run"
                        and any(a.arg == "parent" for a in item.args.args
                                + item.args.kwonlyargs)):
                    forwarding.add(node.name)
    found = []

    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) \
                    and child.func.id == "off_gui":
                if not any(k.arg == "parent" for k in child.keywords):
                    found.append(f"{filename}:{child.lineno} off_gui(")
            elif (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr == "run"):
                receiver = _receiver(child)
                last = receiver.rsplit(".", 1)[-1]
                checked = ("station" in receiver.lower()
                           or last in _FORWARDING_RECEIVERS
                           or (receiver == "self" and cls in forwarding))
                if checked and not any(k.arg == "parent" for k in child.keywords):
                    found.append(f"{filename}:{child.lineno} {receiver}.{child.func.attr}(")
            visit(child, cls)

    visit(tree, None)
    return found


def test_every_background_call_in_the_screens_names_whose_callback_it_is():
    """Each call that sends work off the GUI thread from ui/ says ``parent=``: the widget
    whose callback it is (dropped once that widget is gone), or ``parent=None`` spelled
    out where the result belongs to no widget.

    Checked calls (an AST walk over ult_desktop/ui, so strings and comments never count):
    ``off_gui(``, and ``X.run(`` where the receiver X's dotted name contains "station"
    (``self.station``, ``self.session.station``, ``k.station``, ``Station``,
    ``self.printer_station``), where X ends in ``session`` or ``win`` (CounterSession.run
    and CounterWindow.run, which forward ``parent``), and ``self.run(`` inside a class
    whose own ``run`` takes ``parent``. Wrappers that supply the parent themselves
    (admin ``Page.run`` passes the page, the setup wizard's ``Background.run`` itself)
    are exempt at their call sites: their own call into the Station is checked instead.
    Other ``run`` methods (subprocess, QRunnable) are not background calls of a screen."""
    found = []
    for path in sorted((ROOT / "ult_desktop" / "ui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        found += _background_calls_without_parent(path.read_text(encoding="utf-8"), rel)
    assert found == []


def test_the_parent_check_sees_a_missing_parent():
    """The check above can fail: each checked form without ``parent=`` is reported."""
    source = (
        "class Panel:\n"
        "    def go(self):\n"
        "        self.session.station.run(f, done=g)\n"
        "        off_gui(f, done=g)\n"
        "        self.session.run(f, done=g)\n"
        "        self.win.run(f)\n"
        "        self.station.run(f, parent=self)\n"
        "        subprocess.run(['x'])\n"
        "class Window:\n"
        "    def run(self, fn, *args, parent, **kw): ...\n"
        "    def go(self):\n"
        "        self.run(f)\n"
        "        self.run(f, parent=None)\n"
    )
    found = _background_calls_without_parent(source, "x.py")
    assert [f.split(" ")[0] for f in found] == ["x.py:3", "x.py:4", "x.py:5", "x.py:6",
                                                "x.py:12"]
