"""``python -m editor`` does what the ``banmian`` console command does."""

from editor.cli import main

raise SystemExit(main())
