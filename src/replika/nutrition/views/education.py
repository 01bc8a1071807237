"""Nutrition pages: education (being built)."""

urlpatterns: list = []
