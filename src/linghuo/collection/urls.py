from django.urls import path

from linghuo.collection import views

app_name = "collection"
urlpatterns = [
    path("templates/<str:name>", views.template_download, name="template"),
    path("rosters/", views.roster_upload, name="roster_upload"),
    path("contributions/", views.contribution_upload, name="contribution_upload"),
    path("submissions/", views.submission_list, name="submissions"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/status.json", views.submission_status, name="submission_status"),
    path("submissions/<int:pk>/error-report/", views.error_report, name="error_report"),
]
