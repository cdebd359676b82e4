from django.urls import path

from linghuo.benefits import apply_views, disclosure_views, views

app_name = "benefits"
urlpatterns = [
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="offer_decline"),
    path("queue/", views.queue, name="queue"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("overdue/", views.overdue, name="overdue"),
    path("disclosure/", disclosure_views.disclosure_list, name="disclosure"),
    path("disclosure/<int:pk>/objection/", disclosure_views.objection_new, name="objection_new"),
    path("objections/", disclosure_views.objections, name="objections"),
    path("objections/<int:pk>/resolve/", disclosure_views.objection_resolve, name="objection_resolve"),
    path("objections/<int:pk>/contact/", disclosure_views.objection_contact, name="objection_contact"),
    path("apply/", apply_views.apply_index, name="apply"),
    path("apply/<str:measure>/", apply_views.apply_measure, name="apply_measure"),
    path("evidence/<int:pk>/", apply_views.evidence_file, name="evidence"),
    path("organisation/", apply_views.organisation, name="organisation"),
    path(
        "organisation/offers/<int:pk>/accept/",
        apply_views.organisation_offer_accept,
        name="organisation_offer_accept",
    ),
    path(
        "organisation/offers/<int:pk>/decline/",
        apply_views.organisation_offer_decline,
        name="organisation_offer_decline",
    ),
]
