from django.urls import path

from linghuo.insights import views

app_name = "insights"
urlpatterns = [
    path("screening/", views.run_list, name="runs"),
    path("screening/start/", views.run_start, name="run_start"),
    path("screening/<int:pk>/", views.run_detail, name="run"),
    path("what-if/", views.what_if, name="what_if"),
    path("what-if.xlsx", views.what_if_xlsx, name="what_if_xlsx"),
]
