"""The production settings (config.settings.base) plus one bare view, for bench/load.py: the
limit each page's latency is compared with, served by the same gunicorn in the same run."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
