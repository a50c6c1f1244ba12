"""Settings for one experiment of the dashboard benchmark: the product's own, with persistent database
connections. `python -m bench.supervision --conn-max-age 60` measures what `CONN_MAX_AGE` would save
(the product opens a new PostgreSQL connection for every request)."""

import os

from dudao.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_CONN_MAX_AGE", "0"))  # noqa: F405
