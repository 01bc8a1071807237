"""Demo accounts of the platform roles (province, mentor, three region administrators)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from replika.core import services
from replika.core.models import User, Wilayah
from replika.core.roles import role_label

# Documented in the README; demo data only, never on a production database.
DEMO_PASSWORD = "replika-demo-2021"  # noqa: S105

DEMO_REGIONS = {"padang": "13.71", "agam": "13.06", "padangpanjang": "13.74"}


def demo_user(username: str, full_name: str) -> User:
    """Create (or find) a demo user with the documented password."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            actor=None, username=username, password=DEMO_PASSWORD, full_name=full_name
        )
    return user


def run(log: Any) -> list[tuple[str, str]]:
    """Create the platform demo accounts; returns (username, role description) pairs."""
    province = Wilayah.objects.get(code="13")
    created: list[tuple[str, str]] = []

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = demo_user("admin", "Administrator Sistem")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    services.membership_grant(actor=None, user=admin, wilayah=province, role="admin_provinsi")
    created.append(
        ("admin", _("superuser + %(role)s (also /admin/)") % {"role": role_label("admin_provinsi")})
    )

    officer = demo_user("provinsi", "Biro Organisasi Provinsi Sumatera Barat")
    services.membership_grant(actor=None, user=officer, wilayah=province, role="admin_provinsi")
    created.append(("provinsi", f"{role_label('admin_provinsi')} — {province.name}"))

    mentor = demo_user("mentor", "Pendamping Universitas Andalas")
    services.membership_grant(actor=None, user=mentor, wilayah=province, role="mentor")
    created.append(("mentor", f"{role_label('mentor')} — {province.name}"))

    for slug, code in DEMO_REGIONS.items():
        region = Wilayah.objects.get(code=code)
        user = demo_user(f"admin.{slug}", f"Admin {region.name}")
        services.membership_grant(actor=None, user=user, wilayah=region, role="admin_daerah")
        created.append((f"admin.{slug}", f"{role_label('admin_daerah')} — {region.name}"))
    # One person holding roles in two regions shows the role switcher.
    both = demo_user("admin.duadaerah", "Admin Dua Daerah")
    for code in ("13.06", "13.74"):
        services.membership_grant(
            actor=None, user=both, wilayah=Wilayah.objects.get(code=code), role="admin_daerah"
        )
    created.append(
        (
            "admin.duadaerah",
            f"{role_label('admin_daerah')} — " + _("Kabupaten Agam and Kota Padang Panjang"),
        )
    )
    return created
