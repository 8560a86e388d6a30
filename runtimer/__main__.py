"""`python -m runtimer` is the same as the `runtimer` command."""

import sys

from runtimer.cli import main

sys.exit(main())
