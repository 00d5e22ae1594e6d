"""The bench's visitors and officers inside each station process of ``bench/bench_fleet.py``
(loaded by Python at start because the bench puts this folder on ``PYTHONPATH``; in a
process the bench did not start, ``ULT_BENCH_FLEET`` is unset and this does nothing).

When the station's screen makes its update timer (``ui/common/update_switch.py``), the
hand below is given its window: a kiosk's visitors touch a service button when they
arrive (``view.start_page.buttons``, the button's own click), a counter's officer signs
in with the PIN, calls the next visitor, presses Selesai (``btn_finish``) and signs out
for a break now and then. Every arrival and act is written, with this process's version
and pid, to the station's line in ``<work>/acts/<station>.jsonl``, which the next version
(started in this one's place by the switch) reads to go on where this one stopped. The
process ends when the bench's office process is gone (no station outlives the bench).
"""

from __future__ import annotations

import os
import sys

_WORK = os.environ.get("ULT_BENCH_FLEET")


def _watch_bench(pid: int) -> None:
    import threading
    import time

    def watch() -> None:
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(70)
            except PermissionError:
                pass
            time.sleep(1.0)

    threading.Thread(target=watch, daemon=True, name="bench-watch").start()


def _share_clock(share: str, real0: float, office0: float, speed: float) -> None:
    """The file server's clock sped up as the office's: a file time on the share (the
    kernel's, real time) read as the office clock would have stamped it. The station
    measures its clock against the office file's time (``db/house/stations.py``)."""
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        st = real_stat(path, *args, **kwargs)
        try:
            name = os.fsdecode(os.fspath(path))
        except TypeError:
            return st
        if not name.startswith(share):
            return st
        mtime = office0 + (st.st_mtime - real0) * speed
        fields = {k: getattr(st, k) for k in dir(st) if k.startswith("st_")
                  and k not in ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid",
                                "st_gid", "st_size")}
        fields.update(st_mtime=mtime, st_mtime_ns=int(mtime * 1e9))
        seq = list(st)
        seq[8] = int(mtime)
        return os.stat_result(seq, fields)

    os.stat = stat


def _install() -> None:
    import importlib.abc
    import importlib.machinery

    class Hook(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "ult_desktop.ui.common.update_switch":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run = spec.loader.exec_module

            def exec_module(module) -> None:
                run(module)
                _patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Hook())


def _patch(module) -> None:
    made = module.UpdateSwitch.__init__
    tick = module.UpdateSwitch.tick

    def __init__(self, quiet, parent=None, **kw) -> None:
        made(self, quiet, parent, **kw)
        from fleet_hand import Hand

        self.bench_hand = Hand(parent, _WORK)

    def switch_tick(self) -> bool:
        switched = tick(self)
        if switched:
            self.bench_hand.said("handover")
        return switched

    module.UpdateSwitch.__init__ = __init__
    module.UpdateSwitch.tick = switch_tick


if _WORK:
    _watch_bench(int(os.environ["ULT_BENCH_OFFICE_PID"]))
    _where, _real0, _office0, _speed = os.environ["ULT_BENCH_SHARE_CLOCK"].split("|")
    _share_clock(_where, float(_real0), float(_office0), float(_speed))
    _install()
