"""Nutrition pages: registers (being built)."""

urlpatterns: list = []
