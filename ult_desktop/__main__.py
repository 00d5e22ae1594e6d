from ult_desktop.cli import main

raise SystemExit(main())
