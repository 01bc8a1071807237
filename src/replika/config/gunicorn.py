"""Production gunicorn settings: ``gunicorn -c python:replika.config.gunicorn replika.config.wsgi``.

Every value can be overridden from the environment (``GUNICORN_*`` below) or the command line
(a flag wins over this file). The defaults are what bench/bench_load.py measures:

- ``gthread`` workers, one per core, four threads each: a page waiting on PostgreSQL or
  Redis lets another thread run, while each process keeps its caches warm;
- the application is loaded once in the master (``preload_app``) and its start-up objects
  are then moved out of the garbage collector's sight (``gc.freeze``): a full collection in
  a worker no longer walks Django's whole object graph, which stalled every thread of that
  worker for tens of milliseconds under load (the p99 of the public pages);
- the master also resolves the menu's addresses and compiles every template before it
  forks, so a fresh worker's first pages do not stall the visitors its other threads serve;
- each worker holds at most four connections per thread, so that a burst of connections is
  shared between the workers instead of landing on one;
- keep-alive long enough for a browser's burst of asset requests behind the proxy;
- no access log here: the proxy in front logs every request, and Replika logs its own
  (``replika.request``) with the user and timing.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("GUNICORN_WORKERS", os.cpu_count() or 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
preload_app = True
backlog = _int("GUNICORN_BACKLOG", 2048)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# How many connections one worker holds at once. gthread workers accept whatever is waiting as
# fast as they can, so a burst of keep-alive clients lands almost wholly on one worker (30 of
# 32 was common) whose visitors then queue on one core while the other idles: the signed-in
# dashboard's p99 under 32 connections. With a cap a few times the threads, the rest wait in
# the listen backlog and go to whichever worker frees a slot first. Behind the proxy (which
# opens a connection per request) this costs nothing; clients keeping idle connections open
# directly would hold slots until ``keepalive`` runs out, so raise it for such a set-up.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", threads * 4)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# A worker is replaced after this many requests (with jitter, so they do not all restart
# together): a slow leak in a library cannot grow without bound. 0 turns it off. A new
# worker starts cold (its first requests stall the connections it holds), so this is hours
# of ordinary traffic rather than seconds of a crowd: at 20,000 a two-core host restarted a
# worker every few seconds of a public-page rush, and each restart was a p99 spike.
max_requests = _int("GUNICORN_MAX_REQUESTS", 500000)
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


# What the template directories hold that is a template (not an image or a script).
TEMPLATE_SUFFIXES = frozenset({".html", ".txt", ".xml"})


def when_ready(server: Any) -> None:
    """After the preloaded application is imported and before any worker is forked."""
    _warm_up()
    # Everything alive now lives as long as the process: collect once, then freeze it so
    # later collections skip it (and forked workers do not dirty its pages by scanning).
    gc.collect()
    gc.freeze()


def _warm_up() -> None:
    """Build what Django otherwise builds on a worker's first request, once, in the master.

    The URL resolver (every module's patterns, compiled) and the translation catalogues
    are then inherited by every forked worker, frozen below with the rest, instead of being
    built by each new worker while a request waits.
    """
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    from replika.core import nav

    get_resolver().reverse_dict  # noqa: B018 - populating the resolver is the point
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dashboard")
    # The menu's and the footer's addresses (each app's namespace is resolved on first use).
    nav.resolve_fixed_urls()
    # Every template, compiled into the cached loader: a worker's first page otherwise
    # compiled its templates and imported their tag libraries while its other threads' visitors
    # waited (a third of a second on the public page, the p99 of a crowd's first seconds).
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            for path in sorted(root.rglob("*")):
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                    engine.get_template(path.relative_to(root).as_posix())
