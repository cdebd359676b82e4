from django.urls import path

from linghuo.web import audit, dashboard_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("measures/<str:number>/", views.measure, name="measure"),
    path("calculator/", views.calculator, name="calculator"),
    path("audit/", audit.audit, name="audit"),
    # the manager's dashboard reads every app (benefits, payments, market), so it is served here, above them
    path("insights/dashboard/", dashboard_views.dashboard_page, name="dashboard"),
]
