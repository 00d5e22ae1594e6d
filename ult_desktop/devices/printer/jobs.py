"""Background printing with a deadline: submitting never blocks, every job gets exactly
one result within its timeout, whatever the printer does.

One :class:`PrintSpooler` per printer runs its jobs one at a time in order (many printers
take one connection). A job still waiting at its deadline fails and never prints late; a
worker stuck in a driver call past it is abandoned for a fresh one."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ult_desktop.core import numbering
from ult_desktop.core.i18n import tr
from ult_desktop.core.ticket_layout import Element, TicketPrintData, build_layout
from ult_desktop.devices.printer.backends import read_status, send_bytes
from ult_desktop.devices.printer.errors import PrinterError
from ult_desktop.devices.printer.escpos_render import render_escpos
from ult_desktop.devices.printer.preview import save_preview
from ult_desktop.devices.printer.url import PrinterConfig

log = logging.getLogger(__name__)

#: How long past its deadline a worker may stay inside a driver call before it is
#: abandoned and replaced.
STUCK_GRACE_S = 2.0


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    state: str                       # ok, paper_low, preview, none, or an error state
    number: str = ""
    error_key: str | None = None
    error_params: dict = field(default_factory=dict)
    elapsed_ms: float = 0.0
    bytes_sent: int = 0
    output_path: str | None = None   # virtual:// preview file

    @property
    def skipped(self) -> bool:
        """No printer configured: nothing was printed and nothing failed."""
        return self.state == "none"

    @property
    def error(self) -> str | None:
        """The failure as one sentence in the current language (None when printed)."""
        return self.error_text()

    def error_text(self, lang: str | None = None) -> str | None:
        return tr(self.error_key, lang, **self.error_params) if self.error_key else None

    def message(self, lang: str | None = None) -> str:
        """What to show the person who asked for the ticket."""
        if self.state == "none":
            return tr("printer.result.skipped", lang, number=self.number)
        if not self.ok:
            return tr("printer.result.failed", lang, number=self.number,
                      error=self.error_text(lang))
        if self.output_path:
            return tr("printer.result.preview", lang, number=self.number, path=self.output_path)
        text = tr("printer.result.printed", lang, number=self.number)
        if self.state == "paper_low":
            text += " " + tr("printer.warn.paper_low", lang)
        return text


class PrintJob(Future):
    """One job and its :class:`PrintResult`, as a ``Future``: the result is set once, by
    the first ``_finish`` (the printer thread or the deadline); a done callback runs on a
    printer thread (a GUI must hand it over to its own thread)."""

    _ids = itertools.count(1)

    def __init__(self, config: PrinterConfig, content: TicketPrintData | list[Element], *,
                 number: str = "", timeout_s: float | None = None, probe: bool = False):
        super().__init__()
        self.id = next(self._ids)
        #: only ask the printer how it is (nothing printed), in turn with the tickets
        self.probe = probe
        self.config = config
        self.content = content
        self.number = number or (content.number if isinstance(content, TicketPrintData) else "")
        self.timeout_s = timeout_s if timeout_s is not None else config.timeout_s
        self.submitted = time.monotonic()
        self.deadline = self.submitted + self.timeout_s

    def wait(self, timeout: float | None = None) -> PrintResult | None:
        """The result once known, or None after *timeout* seconds (a job always ends by
        its deadline)."""
        try:
            return self.result(timeout)
        except FutureTimeout:
            return None

    def _finish(self, result: PrintResult) -> bool:
        """Set the result; only the first call counts."""
        try:
            self.set_result(result)
        except InvalidStateError:
            return False
        return True

    def _elapsed_ms(self) -> float:
        return (time.monotonic() - self.submitted) * 1000

    def _fail(self, err: PrinterError) -> bool:
        return self._finish(PrintResult(False, err.state, self.number, err.key, err.params,
                                        self._elapsed_ms()))

    @classmethod
    def failed(cls, url: str, content: TicketPrintData | list[Element], err: PrinterError, *,
               number: str = "") -> PrintJob:
        """A job that failed before it could start (e.g. a wrong printer address)."""
        job = cls(PrinterConfig(kind="none", url=url), content, number=number, timeout_s=0)
        job._fail(err)
        return job

    def _expire(self) -> None:
        err = PrinterError("printer.error.timeout", "no_answer", target=self.config.display(),
                           seconds=f"{self.timeout_s:g}")
        if self._fail(err):
            log.warning("print job %s (%s) timed out after %.1f s", self.id, self.number,
                        self.timeout_s)


def elements_of(content: TicketPrintData | list[Element]) -> list[Element]:
    return build_layout(content) if isinstance(content, TicketPrintData) else list(content)


def run_job(job: PrintJob) -> PrintResult:
    """Render and deliver one job in the calling thread (the worker)."""
    cfg = job.config
    if not cfg.enabled:
        return PrintResult(True, "none", job.number, elapsed_ms=job._elapsed_ms())
    if job.probe:
        status = read_status(cfg, max(0.1, job.deadline - time.monotonic()))
        return PrintResult(status.state in ("ok", "paper_low", "unknown"), status.state,
                           elapsed_ms=job._elapsed_ms())
    elements = elements_of(job.content)
    options = dict(width_mm=cfg.width_mm, profile=cfg.profile, codepage=cfg.codepage)
    data = render_escpos(elements, **options)
    if cfg.kind == "virtual":
        path = _virtual_output(cfg, job, elements, data, options)
        return PrintResult(True, "preview", job.number, elapsed_ms=job._elapsed_ms(),
                           bytes_sent=len(data), output_path=str(path))
    status = send_bytes(cfg, data, job.deadline)
    state = "paper_low" if status.state == "paper_low" else "ok"
    return PrintResult(True, state, job.number, elapsed_ms=job._elapsed_ms(),
                       bytes_sent=len(data))


def _print_moment(content: TicketPrintData | list[Element]) -> datetime:
    """Now on the office's clock (the ticket's zone); a raw element list carries no office
    zone, so its preview is named in UTC rather than by whatever zone the PC is set to."""
    now = numbering.utc_now()
    if isinstance(content, TicketPrintData):
        return now.astimezone(content.local_time().tzinfo)
    return now


def _virtual_output(cfg: PrinterConfig, job: PrintJob, elements: list[Element], data: bytes,
                    options: dict) -> Path:
    folder = Path(cfg.target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stem = (job.number or "test").replace("/", "-").replace("\\", "-")
        stamp = _print_moment(job.content).strftime("%Y%m%d-%H%M%S")
        base = folder / f"ticket_{stem}_{stamp}"
        n = 1
        while base.with_suffix(".png").exists():
            n += 1
            base = folder / f"ticket_{stem}_{stamp}_{n}"
        png = save_preview(elements, base.with_suffix(".png"), **options)
        base.with_suffix(".escpos").write_bytes(data)
        return png
    except OSError:
        raise PrinterError("printer.error.virtual_dir", "error", path=str(folder)) from None


class PrintSpooler:
    """The print queue of one printer."""

    def __init__(self, config: PrinterConfig):
        self.config = config
        self._queue: queue.Queue[PrintJob | None] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._abandoned: list[threading.Thread] = []  # left stuck in a driver call
        self._generation = 0
        self._current: PrintJob | None = None
        #: State of the last finished job (ok, paper_low, paper_out, no_answer ...), for
        #: the station heartbeat and the admin's station list.
        self.last_state: str | None = None

    def submit(self, content: TicketPrintData | list[Element], *, number: str = "",
               timeout_s: float | None = None, probe: bool = False) -> PrintJob:
        """Queue a ticket (or a ready element list; *probe*: only its status); returns
        at once."""
        job = PrintJob(self.config, content, number=number, timeout_s=timeout_s, probe=probe)
        job.add_done_callback(lambda done: setattr(self, "last_state", done.result().state))
        if not self.config.enabled:
            job._finish(PrintResult(True, "none", job.number))
            return job
        if self._stuck() and (probe or not self._may_replace()):
            # A probe never replaces a worker still inside a hung driver call (a hung
            # Windows spooler): the idle kiosk asks every few seconds, a thread each time;
            # nor does a ticket once a replacement hangs as well, or ever on Windows'
            # spooler, where every new call hangs like the first: one thread, not one a
            # ticket. A Windows printer's call that never returns is the spooler's.
            job._fail(PrinterError("printer.error.spooler_hung", "spooler_hung",
                                   target=self.config.display())
                      if self.config.kind == "win32" else
                      PrinterError("printer.error.timeout", "no_answer",
                                   target=self.config.display(), seconds=f"{job.timeout_s:g}"))
            return job
        timer = threading.Timer(max(0.0, job.timeout_s), job._expire)
        timer.daemon = True
        timer.start()
        job.add_done_callback(lambda _job: timer.cancel())
        with self._lock:
            self._ensure_worker()
            self._queue.put(job)
        return job

    def _stuck(self) -> bool:
        """Whether the worker is still inside a driver call past its job's deadline."""
        current = self._current
        return (current is not None and current.done()
                and time.monotonic() > current.deadline + STUCK_GRACE_S)

    def _may_replace(self) -> bool:
        """Whether a worker stuck in a driver call may be left for a new one: once, for
        a printer of its own line (a USB write a reconnect frees), never for Windows'
        spooler, and not while a worker left before is still stuck."""
        self._abandoned = [t for t in self._abandoned if t.is_alive()]
        return self.config.kind != "win32" and not self._abandoned

    def _ensure_worker(self) -> None:
        stuck = self._stuck()
        if self._worker is not None and self._worker.is_alive() and not stuck:
            return
        if stuck:
            log.warning("printer %s: worker stuck in a driver call, starting a new one",
                        self.config.display())
            self._abandoned.append(self._worker)
        self._generation += 1
        self._current = None
        self._worker = threading.Thread(target=self._run, args=(self._generation,),
                                        name=f"printer-{self.config.kind}", daemon=True)
        self._worker.start()

    def _run(self, generation: int) -> None:
        while True:
            if generation != self._generation:
                return
            job = self._queue.get()
            if job is None:
                return
            if generation != self._generation:
                self._queue.put(job)   # hand it to the newer worker
                return
            if job.done():             # expired while waiting: never print late
                continue
            if generation == self._generation:
                self._current = job
            try:
                result = run_job(job)
            except PrinterError as err:
                job._fail(err)
            except Exception as exc:
                log.exception("print job %s failed", job.id)
                job._fail(PrinterError("printer.error.io", "error",
                                       target=self.config.display(),
                                       detail=type(exc).__name__))
            else:
                job._finish(result)
            finally:
                if generation == self._generation:
                    self._current = None

    def close(self) -> None:
        with self._lock:
            self._queue.put(None)


_spoolers: dict[PrinterConfig, PrintSpooler] = {}
_spoolers_lock = threading.Lock()


def spooler_for(config: PrinterConfig) -> PrintSpooler:
    """The process-wide spooler of a printer (one queue per printer)."""
    with _spoolers_lock:
        spooler = _spoolers.get(config)
        if spooler is None:
            spooler = _spoolers[config] = PrintSpooler(config)
        return spooler
