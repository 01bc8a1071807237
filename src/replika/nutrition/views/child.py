"""Nutrition pages: child (being built)."""

urlpatterns: list = []
