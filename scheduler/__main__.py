"""Entry point of `python -m scheduler` (see `cli`)."""

from .cli.main import main

raise SystemExit(main())
