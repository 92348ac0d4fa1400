"""``python -m jvreader``."""

from jvreader.cli import main

raise SystemExit(main())
