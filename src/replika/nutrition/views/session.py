"""Nutrition pages: session (being built)."""

urlpatterns: list = []
