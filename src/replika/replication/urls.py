from django.urls import path

from replika.replication.views import commitments as views
from replika.replication.views import monitoring, plan, regions

app_name = "replication"

urlpatterns = [
    path("", views.commitment_list, name="commitments"),
    path("baru/", views.commitment_new, name="commitment_new"),
    path("inovasi/", views.innovation_list, name="innovations"),
    path("ekspor/", views.commitment_export, name="export"),
    path("matriks/", monitoring.matrix, name="matrix"),
    path("matriks/xlsx/", monitoring.matrix_xlsx, name="matrix_xlsx"),
    path("matriks/pdf/", monitoring.matrix_pdf, name="matrix_pdf"),
    path("tenggat/", monitoring.overdue, name="overdue"),
    path("daerah/<str:code>/", regions.region_page, name="region"),
    path("daerah/<str:code>/pdf/", regions.region_pdf, name="region_pdf"),
    path("daerah/<str:code>/xlsx/", regions.region_xlsx, name="region_xlsx"),
    path("<int:pk>/", views.commitment_detail, name="commitment"),
    path("<int:pk>/ubah/", views.commitment_edit, name="commitment_edit"),
    path("<int:pk>/pengaturan/", views.commitment_settings, name="settings"),
    path("<int:pk>/tahap/", plan.commitment_transition, name="transition"),
    path("<int:pk>/tonggak/baru/", plan.milestone_new, name="milestone_new"),
    path("<int:pk>/pendampingan/baru/", plan.mentoring_new, name="mentoring_new"),
    path("tonggak/<int:pk>/", plan.milestone_detail, name="milestone"),
    path("tonggak/<int:pk>/bukti/", plan.milestone_evidence, name="milestone_evidence"),
    path("tonggak/<int:pk>/komentar/", plan.milestone_comment, name="milestone_comment"),
    path("bukti/<int:pk>/", plan.evidence_download, name="evidence"),
    path("tahap/<int:pk>/bukti/", plan.stage_evidence_download, name="stage_evidence"),
]
