"""Entry point of `python -m scheduler` (see `cli`)."""

from .cli import main

raise SystemExit(main())
