from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from replika.core import members, units, views
from replika.core.auth_views import ThrottledLoginView

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("publik/", views.front, name="front"),
    path("masuk/", ThrottledLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/ubah/",
        auth_views.PasswordChangeView.as_view(
            template_name="core/password_change.html",
            success_url=reverse_lazy("core:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "kata-sandi/ubah/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "kata-sandi/lupa/",
        auth_views.PasswordResetView.as_view(
            template_name="core/password_reset.html",
            email_template_name="core/password_reset_email.txt",
            subject_template_name="core/password_reset_subject.txt",
            success_url=reverse_lazy("core:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "kata-sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/password_reset_confirm.html",
            success_url=reverse_lazy("core:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "kata-sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="core/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profil/", views.profile, name="profile"),
    path("profil/token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
    path("peran/", views.switch_membership, name="switch_membership"),
    path("audit/", views.audit, name="audit"),
    path("pengguna/", members.member_list, name="members"),
    path("pengguna/<int:pk>/cabut/", members.member_revoke, name="member_revoke"),
    path(
        "pengguna/permintaan/<int:pk>/setujui/",
        members.role_request_approve,
        name="role_request_approve",
    ),
    path(
        "pengguna/permintaan/<int:pk>/tolak/",
        members.role_request_refuse,
        name="role_request_refuse",
    ),
    path("pengguna/impor/", members.member_import, name="member_import"),
    path("undangan/<str:token>/", members.invitation, name="invitation"),
    path("fasilitas/", units.unit_list, name="units"),
    path("fasilitas/baru/", units.unit_new, name="unit_new"),
    path("fasilitas/impor/", units.unit_import, name="unit_import"),
    path("fasilitas/<int:pk>/ubah/", units.unit_edit, name="unit_edit"),
    path("fasilitas/<int:pk>/nonaktifkan/", units.unit_deactivate, name="unit_deactivate"),
    path("fasilitas/<int:pk>/aktifkan/", units.unit_activate, name="unit_activate"),
    path("tugas/<int:job_id>/", views.job_detail, name="job"),
    path("tugas/<int:job_id>/progres/", views.job_progress, name="job_progress"),
    path("tugas/<int:job_id>/unduh/", views.job_download, name="job_download"),
    path("tugas/<int:job_id>/ulangi/", views.job_retry, name="job_retry"),
]
