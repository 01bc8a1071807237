"""The JSON API plumbing: one NinjaAPI, authentication, the one error shape, pagination."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from replika.core.services import api_token_authenticate


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx answer has this shape."""

    detail: str
    errors: list[FieldError] = []


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer rpk_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(token)
        if found is None:
            return None
        if found.read_only and request.method not in READ_METHODS:
            # The token is genuine but scoped to reading: forbidden, not unauthenticated.
            raise HttpError(403, "This token is read-only.")
        request.user = found.user
        return found.user


class OptionalAuth(SessionAuth):
    """Public endpoints: anyone may call; a signed-in user is still recognised."""

    def __call__(self, request: HttpRequest) -> Any:
        return request.user if request.user.is_authenticated else True


AUTH = [TokenAuth(), SessionAuth()]
PUBLIC = [OptionalAuth()]


class ReplikaAPI(NinjaAPI):
    """The API, whose OpenAPI document declares the error answers every operation can give.

    The error handlers below answer bad input (422), an unparsable body (400) and a missing
    token (401) for every operation, in the one error shape; declaring them here keeps the
    document true for every module's router without repeating them on each operation.
    """

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        if "ErrorOut" not in schema.get("components", {}).get("schemas", {}):
            return schema
        error = {
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, error)
                if operation.get("requestBody"):
                    responses.setdefault(400, error)
                security = operation.get("security") or []
                if security and not any("OptionalAuth" in s for s in security):
                    responses.setdefault(401, error)
        return schema


api = ReplikaAPI(
    title="Replika API",
    version="1",
    description="Replika: replication of public-service innovations in Sumatera Barat.",
    auth=AUTH,
    urls_namespace="api",
)


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The one error shape as a dict."""
    return {
        "detail": detail,
        "errors": [
            {"field": field, "message": message}
            for field, messages in (errors or {}).items()
            for message in messages
        ],
    }


def _loc_to_field(loc: list[Any] | tuple[Any, ...]) -> str:
    """Turn ninja's error location (``["body", "payload", "name"]``) into a field path."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        errors.setdefault(_loc_to_field(err.get("loc", [])), []).append(str(err.get("msg")))
    return api.create_response(request, error_body("Invalid input.", errors), status=422)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return api.create_response(request, error_body("Invalid input.", errors), status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("Not found."), status=404)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, error_body("Authentication required."), status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class Page(PaginationBase):
    """Page-number pagination: ``?page=2&page_size=50`` → items, count, page, pages."""

    class Input(Schema):
        # Bounded so that an absurd page number is a 422, never an offset the database
        # cannot hold (a 500).
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    items_attribute: str = "items"
    max_page_size = MAX_PAGE_SIZE

    def __init__(self, *, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_size = page_size

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest | None = None, **params: Any
    ) -> Any:
        size = self.page_size if pagination.page_size is None else pagination.page_size
        if pagination.page < 1:
            raise HttpError(422, "page must be 1 or more")
        if not 1 <= size <= self.max_page_size:
            raise HttpError(422, f"page_size must be between 1 and {self.max_page_size}")
        count = self._items_count(queryset)
        start = (pagination.page - 1) * size
        return {
            "items": queryset[start : start + size],
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // size)),
        }
