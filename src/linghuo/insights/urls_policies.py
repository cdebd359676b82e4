from django.urls import path

from linghuo.insights import views_policies as views

app_name = "policies"
urlpatterns = [
    path("my-policies/", views.my_policies, name="mine"),
    path("persons/<int:pk>/policies/", views.person_policies, name="person"),
    path("statistics/new-urban-employment/", views.new_urban_employment, name="new_urban_employment"),
    path(
        "statistics/new-urban-employment.xlsx",
        views.new_urban_employment_xlsx,
        name="new_urban_employment_xlsx",
    ),
]
