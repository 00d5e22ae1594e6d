"""The record as the judge let it stand (``core.replay.Replay``), told as corrections to the
tables, which the figures are read through: a row no act made is hidden, a row an act
made and someone removed is back (personal values empty), a column set outside the acts
has the acts' value, and a refused event is no act. What the log cannot restore is
stamped. No database here (``db.record.figures_view`` applies them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ult_desktop.core.images import BY_TABLE

#: The differences that name an act the judge refused (the event is no act).
_REFUSED = frozenset({"act", "authority"})


@dataclass
class Corrections:
    """Per table: the keys to hide, the columns to set (key -> {column: value}) and the
    rows to restore (key -> row); the events that are no act."""

    hide: dict[str, set[tuple]] = field(default_factory=dict)
    fix: dict[str, dict[tuple, dict]] = field(default_factory=dict)
    restore: dict[str, dict[tuple, dict]] = field(default_factory=dict)
    no_act: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.hide or self.fix or self.restore or self.no_act)

    def tables(self) -> set[str]:
        """The tables read otherwise than as they are (``events`` among them)."""
        return {*self.hide, *self.fix, *self.restore, *(("events",) if self.no_act else ())}


def corrections(diffs, rows: dict[str, dict[tuple, dict]]) -> Corrections:
    """The corrections of the replay's differences *diffs*, its rows *rows* (table -> key
    -> row as the acts left it)."""
    out = Corrections()
    for d in diffs:
        cov = BY_TABLE.get(d.table)
        if d.problem in _REFUSED:
            if d.event is not None:
                out.no_act.add(d.event)
            if cov is not None and cov.mode == "count" and d.key:
                out.hide.setdefault(d.table, set()).add(tuple(d.key))
        elif cov is None or cov.mode != "rows":
            continue
        elif d.problem == "added":
            out.hide.setdefault(d.table, set()).add(tuple(d.key))
        elif d.problem == "changed" and d.column is not None and d.in_log != "(personal)":
            out.fix.setdefault(d.table, {}).setdefault(tuple(d.key), {})[d.column] = d.in_log
        elif d.problem == "deleted":
            row = rows.get(d.table, {}).get(tuple(d.key))
            if row is not None:  # (a personal value is only its commitment in the log)
                out.restore.setdefault(d.table, {})[tuple(d.key)] = {
                    c: (None if isinstance(v, tuple) else v) for c, v in row.items()}
    return out
