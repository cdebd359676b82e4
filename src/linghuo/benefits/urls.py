from django.urls import path

from linghuo.benefits import disclosure_views, views

app_name = "benefits"
urlpatterns = [
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("disclosure/", disclosure_views.disclosure_list, name="disclosure"),
    path("disclosure/<int:pk>/objection/", disclosure_views.objection_new, name="objection_new"),
    path("objections/", disclosure_views.objections, name="objections"),
    path("objections/<int:pk>/resolve/", disclosure_views.objection_resolve, name="objection_resolve"),
    path("queue/", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("overdue/", views.overdue, name="overdue"),
]
