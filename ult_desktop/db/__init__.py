"""The office's storage, in three rooms: ``engine/`` (the file and the server behind one
seam), ``record/`` (the signed events, the chain and its trust, projections, reconcile,
the change feed) and the office's data by subject (the modules here).
``open.py`` joins them once, on first import."""

from ult_desktop.db.open import install as _install

_install()
