"""`python -m noc_wallboard` runs the same command line as `noc-wallboard`."""

from noc_wallboard.cli import main

raise SystemExit(main())
