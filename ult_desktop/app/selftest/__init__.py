"""``ult-desktop selftest``: what works on this PC, in ten minutes, without Qt.

Each area module returns :class:`Check` objects (Qt areas come from
``ui/selftest_checks.py``): PASS, FAIL, SKIP or WARN with one sentence saying what to do
and the raw ``data``, saved as JSON. Windows calls go through loaders tests replace."""

from __future__ import annotations

import json
import logging
import platform
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ult_desktop import __version__
from ult_desktop.core.i18n import language, tr

log = logging.getLogger(__name__)

PASS, FAIL, SKIP, WARN = "pass", "fail", "skip", "warn"
#: Every area, in the order the report lists them (``office``: the morning check's only).
AREAS = ("bundle", "local", "share", "office", "power", "printer", "screens", "sound",
         "speech")


@dataclass(frozen=True)
class Options:
    """What to test: the database, the printer, and the two actions that make noise or
    paper (``do_print``, ``do_sound``). ``mode`` is the station's mode ("" when the PC
    has no station file): a device only a kiosk or display needs is SKIP elsewhere."""

    db: str | None = None
    printer: str | None = None
    paper_width: int | None = None
    mode: str = ""
    station: str = ""
    do_print: bool = False
    do_sound: bool = False
    only: tuple[str, ...] = ()
    sound_wait_s: float = 15.0
    #: the display's screen setting (``station.json`` ``screen``; "" = automatic)
    screen: str = ""
    #: ``selftest --host``: also check this PC as the share's host (``host`` checks)
    host: bool = False
    #: the morning check: what the running stations test for it ("printer": every
    #: kiosk prints a test line, "sound": every TV plays its chime)
    stations_test: tuple[str, ...] = ()


@dataclass
class Check:
    """One line of the report: ``id`` (``area.what``), status, the sentence's i18n key
    and parameters, and the facts seen."""

    id: str
    status: str
    key: str
    params: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    def sentence(self, lang: str | None = None) -> str:
        return tr(self.key, lang, **self.params)

    def line(self, lang: str | None = None) -> str:
        """``PASS  share.open: ...`` with the status word in the UI language."""
        word = tr(f"selftest.status.{self.status}", lang)
        return f"{word:<6} {self.id}: {self.sentence(lang)}"


def _maker(status: str) -> Callable[..., Check]:
    """``maker(id, key, data=None, **params)``: a :class:`Check` of *status*."""
    def make(id_: str, key: str, data: dict | None = None, **params) -> Check:
        return Check(id_, status, key, params, data or {})
    return make


passed, failed, skipped = _maker(PASS), _maker(FAIL), _maker(SKIP)
#: Works today, but better changed (the self-test still passes).
warned = _maker(WARN)


Area = Callable[[Options], list[Check]]


@dataclass
class Report:
    checks: list[Check]
    started: str
    seconds: float
    options: Options

    @property
    def ok(self) -> bool:
        return not any(c.status == FAIL for c in self.checks)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for c in self.checks if c.status == s)
                for s in (PASS, FAIL, SKIP, WARN)}

    def lines(self, lang: str | None = None) -> list[str]:
        return [c.line(lang) for c in self.checks]

    def as_json(self, lang: str | None = None) -> dict:
        from ult_desktop.app.db_secret import split

        lang = lang or language()
        return {
            "tool": "ult-desktop selftest", "version": __version__, "host": platform.node(),
            "platform": platform.platform(), "started": self.started,
            "seconds": round(self.seconds, 2), "ok": self.ok, "counts": self.counts(),
            "language": lang,
            "options": {k: v for k, v in asdict(self.options).items() if k != "only"}
            | {"db": split(self.options.db)[0] if self.options.db else self.options.db},
            "checks": [{"id": c.id, "status": c.status, "message": c.sentence(lang),
                        "data": c.data} for c in self.checks],
        }


def core_areas() -> dict[str, Area]:
    """The areas that need no Qt, by name."""
    from ult_desktop.app.selftest import bundle, local, power, printer, share

    return {"bundle": bundle.checks, "local": local.checks, "share": share.checks,
            "power": power.checks, "printer": printer.checks}


def run_area(name: str, area: Area, options: Options) -> Iterator[Check]:
    """Run one area, each check given as soon as the area knows it (the morning check's
    lines show as they come); a check that crashes is a FAIL naming the exception, never
    a crash of the whole self-test."""
    try:
        yield from area(options)
    except Exception as exc:  # the report must come out whatever one area does
        log.exception("self-test area %s crashed", name)
        yield failed(f"{name}.crashed", "selftest.crashed", {"error": repr(exc)},
                     area=name, error=f"{type(exc).__name__}: {exc}"[:200])


def run_checks(options: Options, *, extra: dict[str, Area] | None = None,
               progress: Callable[[Check], None] | None = None) -> Report:
    """Run every area in :data:`AREAS` order, or ``options.only`` in its own order;
    *extra*: areas made elsewhere (the Qt ones) by name; *progress*: called with each
    check as soon as it is known."""
    areas = {**core_areas(), **(extra or {})}
    started, t0 = datetime.now().astimezone().isoformat(timespec="seconds"), time.monotonic()
    checks: list[Check] = []
    secrets = _secrets(options)
    for name in options.only or AREAS:  # the order asked for: the morning check's faults first
        if name not in areas:
            continue
        for check in run_area(name, areas[name], options):
            if any(c.id == check.id for c in checks):
                continue  # an earlier area already said it (the stations' clocks)
            check = scrub(check, secrets)
            checks.append(check)
            log.info("selftest %s %s %s", check.status.upper(), check.id, check.data)
            if progress is not None:
                progress(check)
    return Report(checks, started, time.monotonic() - t0, options)


def _secrets(options: Options) -> tuple[str, ...]:
    """What must never be written: the password of a server URL (as typed and decoded)."""
    from urllib.parse import unquote

    from ult_desktop.app.db_secret import split

    password = split(options.db or "")[1]
    return tuple({password, unquote(password)}) if password else ()


def scrub(value, secrets: tuple[str, ...]):
    """*value* (a check, its data, any nesting of dicts, lists and strings) with every
    secret replaced by ``***``: messages, the JSON report and the log never hold one."""
    if not secrets:
        return value
    if isinstance(value, Check):
        return Check(value.id, value.status, value.key, scrub(value.params, secrets),
                     scrub(value.data, secrets))
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "***")
        return value
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(v, secrets) for v in value)
    if isinstance(value, BaseException | Path):
        return scrub(str(value), secrets)
    return value


def save_report(report: Report, folder: Path | None = None, *,
                lang: str | None = None) -> Path:
    """Write ``selftest-<host>-<time>.json`` in *folder* (default: the station's data
    folder) and return its path; :raises OSError: the folder cannot be written."""
    from ult_desktop.app.localfiles import write_atomic
    from ult_desktop.app.paths import user_data_dir

    folder = folder or user_data_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    host = "".join(ch for ch in platform.node() if ch.isalnum() or ch in "-_") or "pc"
    path = folder / f"selftest-{host}-{stamp}.json"
    text = json.dumps(report.as_json(lang), ensure_ascii=False, indent=1, default=str)
    return write_atomic(path, text)


def open_office(options: Options):
    """The office file *options* name, opened as this PC's self-test (as
    ``selftest@<host>`` unless it names its station); raises what ``open_database`` does."""
    from ult_desktop.db.open import open_database

    return open_database(options.db, station=options.station or
                         f"selftest@{platform.node() or 'pc'}", mode="selftest")


def config_options(config, *, db: str | None = None, printer: str | None = None,
                   **more) -> Options:
    """:class:`Options` for the station the settings *config* (a ``StationConfig``)
    describe, where the caller gave nothing."""
    from ult_desktop.app.station_config import printer_url

    return Options(db=db or config.db or None, printer=printer or (
        printer_url(config) if config.mode == "kiosk" else None),
        paper_width=config.paper_width, mode=config.mode, station=config.station,
        screen=config.screen, **more)


def station_options(*, db: str | None = None, printer: str | None = None,
                    **more) -> Options:
    """:class:`Options` filled from this PC's station file where the caller gave nothing
    (a missing or broken station file leaves them empty; the ``local`` area says why)."""
    from ult_desktop.app.station_config import find_config, load_station_config

    try:
        if find_config() is not None:
            return config_options(load_station_config(), db=db, printer=printer, **more)
    except Exception:  # StationConfigError: reported by the local area
        log.debug("station file unreadable for the self-test", exc_info=True)
    return Options(db=db, printer=printer, **more)
