"""Competition pages, mounted at /kompetisi/."""

from django.urls import path

from replika.competition import views

app_name = "competition"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("baru/", views.call_new, name="call_new"),
    path("<int:pk>/", views.call_detail, name="call"),
    path("<int:pk>/ubah/", views.call_edit, name="call_edit"),
    path("<int:pk>/tahap/", views.call_advance, name="call_advance"),
    path("<int:pk>/penilai/", views.call_assign, name="call_assign"),
    path("<int:call_pk>/usulan/baru/", views.proposal_new, name="proposal_new"),
    path("usulan/<int:pk>/", views.proposal_detail, name="proposal"),
    path("usulan/<int:pk>/ubah/", views.proposal_edit, name="proposal_edit"),
    path("usulan/<int:pk>/kirim/", views.proposal_submit, name="proposal_submit"),
    path("usulan/<int:pk>/lampiran/", views.proposal_upload, name="proposal_upload"),
    path("usulan/<int:pk>/periksa/", views.proposal_check, name="proposal_check"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment"),
    path("penilai/", views.evaluators, name="evaluators"),
    path("penilaian/", views.queue, name="queue"),
    path("penilaian/<int:pk>/", views.score, name="score"),
    path("presentasi/<int:pk>/", views.panel_score, name="panel_score"),
    path("hasil/", views.public_results, name="public_results"),
    path("hasil/<int:pk>/", views.public_result, name="public_result"),
]
