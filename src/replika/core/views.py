"""Core pages: home, profile and API tokens, switching membership, audit, health."""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from replika.core import health, jobs, selectors, services, workers
from replika.core.access import has_any, memberships_of
from replika.core.forms import ApiTokenForm
from replika.core.front import front_context
from replika.core.home import home_context
from replika.core.http import AuthedHttpRequest, flash_refusal, form_page, saved
from replika.core.middleware import SESSION_KEY
from replika.core.models import ApiToken, Job, User
from replika.core.roles import VIEW_AUDIT


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a ``login_required`` view (pages typed with a plain request)."""
    return cast(User, request.user)


def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; for a signed-in user, what needs their attention."""
    if not request.user.is_authenticated:
        return front(request)
    return render(request, "core/home.html", home_context(request))


def front(request: HttpRequest) -> HttpResponse:
    """The programme's public front page (also reachable when signed in)."""
    return render(request, "core/front.html", front_context(request))


@login_required
@require_POST
def switch_membership(request: AuthedHttpRequest) -> HttpResponse:
    """Work under another of the user's memberships."""
    try:
        chosen = int(request.POST.get("membership", ""))
    except ValueError as exc:
        raise Http404 from exc
    if chosen not in {m.pk for m in memberships_of(request.user)}:
        raise Http404
    request.session[SESSION_KEY] = chosen
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    return redirect(target or "core:home")


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    """The user's memberships and personal API tokens."""
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")

    def created(result: tuple[ApiToken, str]) -> HttpResponse:
        # The secret is shown once, on this answer, and never stored in clear.
        context = {
            "form": ApiTokenForm(),
            "tokens": tokens,
            "new_secret": result[1],
            "token_days": settings.REPLIKA_API_TOKEN_DAYS,
        }
        return render(request, "core/profile.html", context)

    return form_page(
        request,
        ApiTokenForm(request.POST or None),
        "core/profile.html",
        save=lambda data: services.api_token_create(
            actor=request.user, name=data["name"], read_only=data["read_only"]
        ),
        done=created,
        context={
            "tokens": tokens,
            "new_secret": None,
            "token_days": settings.REPLIKA_API_TOKEN_DAYS,
        },
    )


@login_required
@require_POST
def revoke_token(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise Http404
    services.api_token_revoke(actor=request.user, token=token)
    return saved(request, _("The token was revoked."), "core:profile")


@login_required
def audit(request: AuthedHttpRequest) -> HttpResponse:
    """Audit history the user may read, per object or per person."""
    if not has_any(request.user, VIEW_AUDIT):
        raise Http404
    model = request.GET.get("model", "")
    object_id = request.GET.get("object", "")
    actor_id = request.GET.get("actor", "")
    actor = None
    if model and object_id:
        events = selectors.audit_for_object(user=request.user, model=model, object_id=object_id)
    elif actor_id.isdigit():
        actor = User.objects.filter(pk=int(actor_id)).first()
        if actor is None:
            raise Http404
        events = selectors.audit_for_actor(user=request.user, actor=actor)
        # Someone whose changes the user may not read is unknown here: no name shown.
        if not events.exists():
            raise Http404
    elif request.GET.get("reads"):
        events = selectors.audit_reads(user=request.user)
    else:
        events = selectors.audit_recent(user=request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit.html",
        {
            "page": page,
            "filter_model": model,
            "filter_model_name": _model_name(model),
            "filter_object": object_id,
            "filter_actor": actor,
            "reads": bool(request.GET.get("reads")),
        },
    )


def _model_name(label: str) -> str:
    """The translated name of a model from its ``app.model`` label (the label if unknown)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name) if label else ""
    except (LookupError, ValueError):
        return label


def _own_job(request: HttpRequest, job_id: int) -> Job:
    """A job of the signed-in user, else 404."""
    job = selectors.job_for_owner(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


def _job_context(job: Job) -> dict[str, Any]:
    """A job and whether anything will pick it up (no worker: it waits, and we say so)."""
    waiting_for_nobody = (
        not job.finished and workers.runs_workers() and not workers.alive().exists()
    )
    return {"job": job, "no_worker": waiting_for_nobody}


@login_required
def job_detail(request: AuthedHttpRequest, job_id: int) -> HttpResponse:
    """A job's page: the progress bar, then the result."""
    return render(request, "core/job.html", _job_context(_own_job(request, job_id)))


@login_required
@require_POST
def job_retry(request: AuthedHttpRequest, job_id: int) -> HttpResponse:
    """Run a failed job of one's own again."""
    job = _own_job(request, job_id)
    try:
        jobs.retry(actor=request.user, job_id=job.pk)
    except jobs.NotRetryable:
        flash_refusal(request, ValidationError(_("This job cannot be run again.")))
    return redirect("core:job", job_id=job.pk)


@login_required
def job_download(request: AuthedHttpRequest, job_id: int) -> FileResponse:
    """The file a finished job produced, for the person who started it."""
    job = _own_job(request, job_id)
    name = (job.result or {}).get("file")
    # Checked again at download time: a role revoked since the job ran takes the file away.
    if not name or not jobs.may_download(job) or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
    )


@login_required
@never_cache
def job_progress(request: AuthedHttpRequest, job_id: int) -> HttpResponse:
    """A progress bar fragment that htmx polls until the job finishes."""
    return render(request, "core/_job_progress.html", _job_context(_own_job(request, job_id)))


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_tasks() -> str:
    """The task backend is reachable (the database table, or Redis for RQ)."""
    from django.conf import settings

    if settings.TASK_BACKEND == "rq":
        import django_rq

        django_rq.get_connection("default").ping()
    elif settings.TASK_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    return "ok"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database, the queue and a worker answer, else 503."""
    checks: dict[str, Any] = {}
    healthy = True
    for name, check in (("database", _check_database), ("tasks", _check_tasks)):
        try:
            checks[name] = check()
        except Exception as exc:
            checks[name] = f"error: {type(exc).__name__}"
            healthy = False
    if healthy:
        workers_ok, checks["workers"] = health.workers_report()
        healthy = workers_ok
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
