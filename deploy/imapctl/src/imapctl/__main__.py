"""`python -m imapctl`: the launcher's command line."""

from imapctl.cli import main

raise SystemExit(main())
