import multiprocessing

# A frozen bundle's spawned helper (``check`` reads the tables in a second process while it
# replays the log) runs its task and exits here, before the program would start again.
multiprocessing.freeze_support()

from ult_desktop.cli import main  # noqa: E402

raise SystemExit(main())
