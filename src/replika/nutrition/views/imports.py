"""Nutrition pages: imports (being built)."""

urlpatterns: list = []
