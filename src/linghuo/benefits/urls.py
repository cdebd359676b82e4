from django.urls import path

from linghuo.benefits import views

app_name = "benefits"
urlpatterns = [
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("queue/", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("overdue/", views.overdue, name="overdue"),
]
