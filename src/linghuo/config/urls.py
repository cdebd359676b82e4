"""Top-level URL map: web pages, accounts, and the HTTP API under /api/v1/."""

from django.urls import include, path

from linghuo.api.root import api

urlpatterns = [
    path("", include("linghuo.web.urls")),
    path("accounts/", include("linghuo.accounts.urls")),
    path("registry/", include("linghuo.registry.urls")),
    path("registry/", include("linghuo.insights.urls_policies")),
    path("collection/", include("linghuo.collection.urls")),
    path("insights/", include("linghuo.insights.urls")),
    path("benefits/", include("linghuo.benefits.urls")),
    path("payments/", include("linghuo.payments.urls")),
    path("market/", include("linghuo.market.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
