"""Time the province and kab/kota nutrition dashboards on the synthetic province.

First build the data with bench/synthetic_province.py, then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/replika_bench \\
        .venv/bin/python bench/bench_dashboard.py [--repeat 50] [--region 13.71]

It times, N times each, (1) the selectors the dashboard view calls (place, trend of 12
months, breakdown of the level below, crumbs) and (2) the whole page through Django's test
client signed in as a province administrator, and prints p50/p95/max in milliseconds.
Target: p95 < 200 ms on PostgreSQL.

Measured 2026-11-28 on the full synthetic province (4.07 million measurements), PostgreSQL
on the same 2-core machine at a load average of 6-7 from other test runs, --repeat 50:

    selectors 13            p50 17.5 ms   p95  40.4 ms   max  45.6 ms
    selectors 13.71         p50 19.2 ms   p95  25.0 ms   max  30.3 ms
    full page 13            p50 78.0 ms   p95 151.9 ms   max 159.9 ms
    full page 13.71         p50 80.0 ms   p95 123.9 ms   max 236.0 ms
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def summary(label: str, seconds: list[float]) -> str:
    """One line of p50/p95/max in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"{label:<38} n={len(ms):<4} p50 {statistics.median(ms):7.1f} ms   "
        f"p95 {p95:7.1f} ms   max {ms[-1]:7.1f} ms"
    )


def timed(repeat: int, work: Callable[[], Any]) -> list[float]:
    """Run ``work`` once to warm up, then ``repeat`` times, returning each duration."""
    work()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        durations.append(time.perf_counter() - started)
    return durations


def province_user() -> Any:
    """A province administrator for the page timings (made once)."""
    from replika.core import services
    from replika.core.models import User, Wilayah

    user, _ = User.objects.get_or_create(username="bench-province", defaults={"full_name": "Bench"})
    services.membership_grant(
        actor=None, user=user, wilayah=Wilayah.objects.get(code="13"), role="admin_provinsi"
    )
    return user


def selectors_once(user: Any, scope: str) -> None:
    """What the dashboard view reads for one place and its latest month."""
    from replika.nutrition.permissions import VIEW_DASHBOARD
    from replika.nutrition.selectors import dashboards as sel

    place = sel.place_for(user, scope, VIEW_DASHBOARD)
    period = sel.latest_period(place)
    assert period is not None, f"no summaries for {scope}: run synthetic_province.py first"
    sel.trend(place, period)
    sel.periods_of(place)
    sel.breakdown(user, VIEW_DASHBOARD, place, period)
    sel.crumbs(user, VIEW_DASHBOARD, place)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the nutrition dashboards.")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--region", default="13.71", help="the kab/kota page to time")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    from synthetic_province import check_target

    check_target(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
    # Settings refuse to load without a real key when DEBUG is off; a throwaway one will do.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("REPLIKA_INSECURE_HTTP", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from replika.core.access import forget_memberships

    user = province_user()
    forget_memberships(user)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    for scope in ("13", args.region):
        print(
            summary(
                f"selectors {scope}", timed(args.repeat, lambda s=scope: selectors_once(user, s))
            )
        )
    client = Client()
    client.force_login(user)
    page = reverse("nutrition:dashboard")
    # The manifest storage needs collectstatic; the plain one renders the same page.
    plain = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, **plain}):
        for scope in ("13", args.region):

            def view(s: str = scope) -> None:
                response = client.get(page, {"tempat": s})
                assert response.status_code == 200, response.status_code

            print(summary(f"full page {scope} (test client)", timed(args.repeat, view)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
