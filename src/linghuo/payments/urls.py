"""Finance's pages under /payments/ and the manager's spending page."""

from django.urls import path

from linghuo.payments import organisation_views, views, worker_views

app_name = "payments"
urlpatterns = [
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/files/", views.file_create, name="file_create"),
    path("batches/<int:pk>/return/", views.return_upload, name="return_upload"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
    path("payments/<int:pk>/account/", views.account_correct, name="account_correct"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("referrals/files/", views.referral_file_create, name="referral_file_create"),
    path("referrals/files/<int:pk>/download/", views.referral_file_download, name="referral_file_download"),
    path("referrals/answers/", views.referral_answers_upload, name="referral_answers_upload"),
    path("spending/", views.spending, name="spending"),
    path("mine/", worker_views.mine, name="mine"),
    path("mine/account/", worker_views.mine_account, name="mine_account"),
    path("organisation/account/", organisation_views.organisation_account, name="organisation_account"),
    path(
        "organisation/account/save/",
        organisation_views.organisation_account_save,
        name="organisation_account_save",
    ),
]
