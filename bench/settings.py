"""Production settings plus a bare view, for measuring the machine's ceiling next to real pages."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
