"""The pages and API through the real URLs: the core workflow end to end, as each role."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from replika.outbreak.models import Case, Contact, FollowUp
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import contacts as contact_services
from tests.factories import region
from tests.outbreak.factories import NIK_MAN, NIK_WOMAN, days_ago, report, report_man

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def iso(day: dt.date) -> str:
    return day.isoformat()


def test_a_puskesmas_reports_dinas_verifies_tracer_follows_a_contact_who_becomes_a_case(world):
    officer, dinas, tracer = (
        client_of(world.officer),
        client_of(world.surveillance),
        client_of(world.tracer),
    )
    response = officer.post(
        reverse("outbreak:case_new"),
        {
            "unit": world.puskesmas.pk,
            "disease": world.covid.pk,
            "classification": "konfirmasi",
            "nik": NIK_WOMAN,
            "name": "Siti Rahmah",
            "sex": "P",
            "birth_date": "1990-08-17",
            "reported_on": iso(days_ago(3)),
            "onset_date": iso(days_ago(4)),
            "location": region("13.74.01.1001").pk,
            "submit": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(nik=NIK_WOMAN)
    assert dinas.get(reverse("outbreak:verification")).content.decode().count(case.code) >= 1
    assert dinas.post(reverse("outbreak:case_verify", args=[case.pk])).status_code == 302
    public_before = (
        Client()
        .get("/api/v1/outbreak/open-data", {"disease": "covid19", "wilayah": "13.74"})
        .json()
    )

    response = officer.post(
        reverse("outbreak:contact_new", args=[case.pk]),
        {
            "name": "Andi Saputra",
            "nik": NIK_MAN,
            "phone": "081234567890",
            "location": region("13.74.01.1002").pk,
            "exposure_date": iso(days_ago(2)),
            "exposure_type": "household",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(nik=NIK_MAN)
    assert contact.follow_ups.count() == 14

    page = tracer.get(reverse("outbreak:tracer")).content.decode()
    assert "Andi Saputra" in page
    today = FollowUp.objects.get(contact=contact, day=days_ago(1))
    response = tracer.post(
        reverse("outbreak:follow_up", args=[today.pk]), {"result": "symptomatic"}
    )
    assert response.status_code == 302
    today.refresh_from_db()
    assert today.result == "symptomatic"

    response = officer.post(
        reverse("outbreak:contact_to_case", args=[contact.pk]),
        {
            "classification": "suspek",
            "nik": NIK_MAN,
            "sex": "L",
            "birth_date": "1985-03-15",
            "onset_date": iso(days_ago(1)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new_case = Case.objects.get(source_contact=contact)
    dinas.post(reverse("outbreak:case_verify", args=[new_case.pk]))
    case_services.case_classify(
        actor=world.surveillance, case=new_case, classification="konfirmasi"
    )

    dashboard = dinas.get(reverse("outbreak:dashboard"), {"disease": "covid19", "wilayah": "13.74"})
    assert dashboard.status_code == 200
    assert dashboard.context["fig"].cumulative == 2
    public_after = (
        Client()
        .get("/api/v1/outbreak/open-data", {"disease": "covid19", "wilayah": "13.74"})
        .json()
    )
    assert public_after != public_before or public_after["daily"]


def test_every_page_opens_for_the_dinas(world):
    case = report(world)
    contact = contact_services.contact_add(
        actor=world.officer, case=case, name="Andi", exposure_date=days_ago(2), exposure_type="work"
    )
    test = case_services.labtest_record(
        actor=world.officer,
        case=case,
        specimen_type="swab",
        specimen_date=days_ago(2),
        method="PCR",
    )
    cluster = case_services.cluster_create(
        actor=world.surveillance, disease=world.covid, name="Klaster Pasar", opened_on=days_ago(2)
    )
    case_services.case_link_cluster(actor=world.surveillance, case=case, cluster=cluster)
    dinas = client_of(world.surveillance)
    names = [
        ("cases", []),
        ("case_new", []),
        ("verification", []),
        ("case", [case.pk]),
        ("case_edit", [case.pk]),
        ("case_decline", [case.pk]),
        ("case_classify", [case.pk]),
        ("case_close", [case.pk]),
        ("labtest_new", [case.pk]),
        ("labtest_result", [test.pk]),
        ("case_transfer", [case.pk]),
        ("case_cluster", [case.pk]),
        ("contact_new", [case.pk]),
        ("tracer", []),
        ("contacts", []),
        ("contact", [contact.pk]),
        ("contact_end", [contact.pk]),
        ("contact_to_case", [contact.pk]),
        ("clusters", []),
        ("cluster", [cluster.pk]),
        ("skdr", []),
        ("alerts", []),
        ("diseases", []),
        ("disease", [world.covid.pk]),
        ("logistics", []),
        ("request_new", []),
        ("stock", []),
        ("dashboard", []),
        ("import", []),
    ]
    for name, args in names:
        response = dinas.get(reverse(f"outbreak:{name}", args=args))
        assert response.status_code == 200, (name, response.status_code)
    assert dinas.get(reverse("outbreak:export")).status_code == 200
    for name in ("public", "self_check", "open_data"):
        assert Client().get(reverse(f"outbreak:{name}")).status_code == 200


def test_the_chain_graph_draws_the_source_and_its_contact(world):
    case = report(world)
    cluster = case_services.cluster_create(
        actor=world.surveillance, disease=world.covid, name="Klaster Pasar", opened_on=days_ago(2)
    )
    case_services.case_link_cluster(actor=world.surveillance, case=case, cluster=cluster)
    contact_services.contact_add(
        actor=world.officer, case=case, name="Andi", exposure_date=days_ago(2), exposure_type="work"
    )
    page = client_of(world.surveillance).get(reverse("outbreak:cluster", args=[cluster.pk]))
    drawing = page.context["drawing"]
    assert len(drawing["nodes"]) == 2 and len(drawing["lines"]) == 1


def test_api_reports_and_reads_a_case_with_the_nik_masked_for_the_tracer_less_roles(world):
    officer = client_of(world.officer)
    response = officer.post(
        "/api/v1/outbreak/cases",
        data=json.dumps(
            {
                "unit": world.puskesmas.pk,
                "disease": "covid19",
                "name": "Siti Rahmah",
                "sex": "P",
                "classification": "konfirmasi",
                "nik": NIK_WOMAN,
                "birth_date": "1990-08-17",
                "reported_on": iso(days_ago(1)),
                "location": "13.74.01.1001",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nik"] == NIK_WOMAN and body["status"] == "pending"
    read = client_of(world.province).get(f"/api/v1/outbreak/cases/{body['id']}")
    assert read.status_code == 200
    assert read.json()["nik"] == "1374********0001"


def test_api_skdr_raises_and_lists_alerts_by_wilayah(world):
    officer = client_of(world.officer)
    payload = {"unit": world.puskesmas.pk, "disease": "dbd", "year": 2025, "week": 10, "cases": 6}
    response = officer.post(
        "/api/v1/outbreak/skdr", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    dinas = client_of(world.surveillance)
    alerts = dinas.get("/api/v1/outbreak/alerts", {"wilayah": "13.74"}).json()
    # 0 → 6 cases is also a doubling on the previous week (KLB rule 3).
    assert {a["kind"] for a in alerts} == {"threshold", "klb"}
    klb = next(a for a in alerts if a["kind"] == "klb")
    assert klb["figures"]["rule_3"] == {"now": 6.0, "before": 0.0}
    assert klb["source"] == "skdr"
    assert dinas.get("/api/v1/outbreak/alerts", {"wilayah": "13.74.02"}).json() == []
    assert client_of(world.bkt_surveillance).get("/api/v1/outbreak/alerts").json() == []


def test_open_data_suppresses_small_cells_and_refuses_below_the_kecamatan(world, settings):
    case = report(world)
    case_services.case_verify(actor=world.surveillance, case=case)
    public = Client()
    body = public.get(
        "/api/v1/outbreak/open-data", {"disease": "covid19", "wilayah": "13.74"}
    ).json()
    day = next(d for d in body["daily"] if d["date"] == iso(case.reported_on))
    assert day["new_cases"] is None and "new_cases" in day["suppressed"]
    settings.REPLIKA_PUBLIC_MIN_CELL = 1
    from django.core.cache import cache

    cache.clear()
    body = public.get(
        "/api/v1/outbreak/open-data", {"disease": "covid19", "wilayah": "13.74"}
    ).json()
    day = next(d for d in body["daily"] if d["date"] == iso(case.reported_on))
    assert day["new_cases"] == 1
    assert NIK_WOMAN not in json.dumps(body) and "Siti" not in json.dumps(body)
    refused = public.get(
        "/api/v1/outbreak/open-data", {"disease": "covid19", "wilayah": "13.74.01.1001"}
    )
    assert refused.status_code == 422
    csv = public.get("/api/v1/outbreak/open-data.csv", {"disease": "covid19", "wilayah": "13.74"})
    assert csv["Content-Type"].startswith("text/csv")
    assert b"new_cases" in csv.content


def test_the_tracer_list_works_on_a_phone_and_shows_only_the_tracers_area(world):
    case = report(world)
    contact_services.contact_add(
        actor=world.officer,
        case=case,
        name="Andi Timur",
        exposure_date=days_ago(2),
        exposure_type="household",
        location=region("13.74.01.1002"),
    )
    contact_services.contact_add(
        actor=world.officer,
        case=case,
        name="Budi Barat",
        exposure_date=days_ago(2),
        exposure_type="household",
        location=region("13.74.02.1002"),
    )
    page = client_of(world.tracer).get(reverse("outbreak:tracer")).content.decode()
    assert "Andi Timur" in page and "Budi Barat" not in page
    assert 'name="viewport"' in page
    assert 'href="tel:' not in page or "tel:" in page


def test_the_tracer_list_pages_carry_the_whole_lists_totals(world):
    """The totals come with the page's own query; later pages, a page past the end and a
    page that is not a number all show the right rows and the same totals."""
    case = report(world)
    for n in range(43):
        contact_services.contact_add(
            actor=world.officer,
            case=case,
            name=f"Kontak {n:02d}",
            exposure_date=days_ago(2),
            exposure_type="household",
            location=region("13.74.01.1002"),
        )
    today = days_ago(0)
    FollowUp.objects.filter(contact__name__in=["Kontak 00", "Kontak 01"], day=today).update(
        result="seen"
    )
    tracer = client_of(world.tracer)
    url = reverse("outbreak:tracer")

    def names(page: str) -> set[str]:
        return {f"Kontak {n:02d}" for n in range(43) if f"Kontak {n:02d}<" in page}

    first = tracer.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of 43 contacts recorded" in first
    # Not yet recorded first: the two recorded contacts are on the last page.
    assert len(names(first)) == 40 and "Kontak 00" not in names(first)
    second = tracer.get(url, {"page": 2}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of 43 contacts recorded" in second
    assert names(second) == {"Kontak 00", "Kontak 01", "Kontak 42"}
    beyond = tracer.get(url, {"page": 99}, HTTP_ACCEPT_LANGUAGE="en")
    assert beyond.status_code == 200
    assert names(beyond.content.decode()) == names(second)
    for bad in ("abc", "-3", "0", ""):
        response = tracer.get(url, {"page": bad}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert names(response.content.decode()) == names(first)


def test_pages_speak_indonesian_first_and_english_on_request(world):
    indonesian = Client(HTTP_ACCEPT_LANGUAGE="id").get(reverse("outbreak:public")).content.decode()
    assert "Angka wabah" in indonesian and "Periksa mandiri" in indonesian
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("outbreak:public")).content.decode()
    assert "Outbreak figures" in english


def test_the_dashboard_writes_numbers_and_dates_the_indonesian_way(world):
    case = report(world)
    case_services.case_verify(actor=world.surveillance, case=case)
    client = client_of(world.surveillance)
    page = client.get(
        reverse("outbreak:dashboard"),
        {"disease": "covid19", "wilayah": "13.74", "start": "2026-01-01", "end": "2026-01-31"},
        HTTP_ACCEPT_LANGUAGE="id",
    ).content.decode()
    assert "1 Januari 2026" in page


def test_svg_numbers_keep_a_decimal_point_in_indonesian(world):
    case = report(world)
    case_services.case_verify(actor=world.surveillance, case=case)
    page = (
        client_of(world.surveillance)
        .get(
            reverse("outbreak:dashboard"),
            {"disease": "covid19", "wilayah": "13.74"},
            HTTP_ACCEPT_LANGUAGE="id",
        )
        .content.decode()
    )
    import re

    svg_numbers = re.findall(r"<(?:rect|line|svg)[^>]*>", page)
    assert svg_numbers and not [tag for tag in svg_numbers if re.search(r'="[^"]*\d,\d', tag)]


def test_the_dashboard_figures_follow_a_verification_at_once_though_they_are_cached(
    world, django_capture_on_commit_callbacks
):
    dinas = client_of(world.surveillance)
    query = {"disease": "covid19", "wilayah": "13.74"}
    first = report(world)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_verify(actor=world.surveillance, case=first)
    assert dinas.get(reverse("outbreak:dashboard"), query).context["fig"].cumulative == 1
    second = report_man(world)
    # Not verified yet: the cached figures stand.
    assert dinas.get(reverse("outbreak:dashboard"), query).context["fig"].cumulative == 1
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_verify(actor=world.surveillance, case=second)
    assert dinas.get(reverse("outbreak:dashboard"), query).context["fig"].cumulative == 2
    # Another region's dashboard is its own entry, and its own officer cannot ask for ours.
    outsider = client_of(world.bkt_surveillance)
    answer = outsider.get(reverse("outbreak:dashboard"), query)
    assert answer.status_code == 422
    assert answer.context["place"].code == "13.75"
    assert answer.context["fig"].cumulative == 0
