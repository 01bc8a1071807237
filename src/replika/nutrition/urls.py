from django.urls import path

from replika.nutrition import views

app_name = "nutrition"

urlpatterns = [
    path("kalkulator/", views.calculator, name="calculator"),
]
