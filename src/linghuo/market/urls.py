from django.urls import path

from linghuo.market import bureau_views, views

app_name = "market"
urlpatterns = [
    path("", views.search, name="search"),
    path("postings/<int:pk>/", views.posting_detail, name="posting"),
    path("postings/<int:pk>/apply/", views.posting_apply, name="posting_apply"),
    path("postings/<int:pk>/report/", views.posting_report, name="posting_report"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting_close"),
    path("post/", views.posting_new, name="posting_new"),
    path("mine/postings/", views.my_postings, name="my_postings"),
    path("mine/applications/", views.my_applications, name="my_applications"),
    path("profile/", views.profile, name="profile"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>/", views.application_act, name="application_act"),
    path("disputes/", bureau_views.disputes, name="disputes"),
    path("disputes/<int:pk>/close/", bureau_views.dispute_close, name="dispute_close"),
    path("reports/", bureau_views.reports, name="reports"),
    path("reports/<int:pk>/handle/", bureau_views.report_handle, name="report_handle"),
]
