from django.urls import path

from linghuo.benefits import views

app_name = "benefits"
urlpatterns = [
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
]
