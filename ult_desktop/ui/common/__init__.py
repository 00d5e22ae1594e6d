"""Pieces every mode's screen uses: the background station worker, banner, theme."""
