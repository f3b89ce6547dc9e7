"""Prefect flows, HTTP fetching and the command line: the wiring between extractors and warehouse."""

import os

# Nothing leaves the machine unasked: Prefect's SDK reports usage when imported unless DO_NOT_TRACK is
# set, and its server does unless analytics are off. These defaults reach every process started from
# here (the temporary API, workers, their flow runs); an operator who wants analytics sets them otherwise.
PRIVACY_DEFAULTS = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
for _name, _value in PRIVACY_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
