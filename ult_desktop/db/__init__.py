"""The office's storage, in three rooms: ``engine/`` (the file and the server behind one
seam), ``record/`` (the signed events, the chain and its trust, projections, reconcile,
the change feed) and the office's data by subject (the modules here), in two wings: the
day's work (``queue/``, ``hall``, ``journal``, ``register``, ``cases``, ``handover``,
``skm``, ``office``, ``officers``, ``pinlock``, ``queries``, ``stations``) and keeping
the file (``schema*``, ``setup``, ``backup``, ``autobackup``, ``maintenance``,
``retention``, ``server_*``). ``open.py`` joins them once, on first import; ``errors`` is
every room's (docs/architecture.md)."""

from ult_desktop.db.open import install as _install

_install()
