from django.urls import path

from replika.replication import views

app_name = "replication"

urlpatterns = [
    path("", views.commitment_list, name="commitments"),
    path("baru/", views.commitment_new, name="commitment_new"),
    path("ekspor/", views.commitment_export, name="export"),
    path("<int:pk>/", views.commitment_detail, name="commitment"),
    path("<int:pk>/ubah/", views.commitment_edit, name="commitment_edit"),
    path("<int:pk>/pengaturan/", views.commitment_settings, name="settings"),
]
