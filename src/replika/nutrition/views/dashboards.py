"""Nutrition pages: dashboards (being built)."""

urlpatterns: list = []
