"""Nutrition pages: care (being built)."""

urlpatterns: list = []
