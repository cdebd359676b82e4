from django.urls import path

from linghuo.registry import views

app_name = "registry"
urlpatterns = [
    path("me/", views.my_registration, name="me"),
    path("me/register/", views.register, name="register"),
    path("me/end/", views.my_end, name="end"),
    path("me/reveal/", views.my_reveal, name="my_reveal"),
    path("persons/", views.person_list, name="persons"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("persons/<int:pk>/memberships/new/", views.membership_new, name="membership_new"),
    path(
        "persons/<int:pk>/memberships/<int:membership_pk>/end/", views.membership_end, name="membership_end"
    ),
    path("identity-checks/", views.identity_check_list, name="identity_checks"),
    path("identity-checks/<int:pk>/confirm/", views.identity_check_confirm, name="identity_check_confirm"),
    path("identity-checks/<int:pk>/reject/", views.identity_check_reject, name="identity_check_reject"),
    path("spot-checks/", views.spot_check_list, name="spot_checks"),
    path("spot-checks/<int:pk>/", views.spot_check_detail, name="spot_check"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
]
