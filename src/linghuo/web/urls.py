from django.urls import path

from linghuo.web import audit, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("measures/<str:number>/", views.measure, name="measure"),
    path("calculator/", views.calculator, name="calculator"),
    path("audit/", audit.audit, name="audit"),
]
