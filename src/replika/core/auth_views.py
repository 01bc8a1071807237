"""Sign-in with the login throttle (django-axes) and the user's language applied."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.utils import translation


class ThrottledLoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            translation.activate(language)
            response.set_cookie("django_language", language, samesite="Lax", httponly=True)
        return response
