from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "linghuo.api"
    label = "api"

    def ready(self) -> None:
        """Mount every app's endpoints on the project's API, before the URLs load.

        The API sits above the apps: it imports their routers, and no app imports the API's wiring.
        """
        from linghuo.accounts.api import router as accounts
        from linghuo.api import errors
        from linghuo.api.audit import router as audit
        from linghuo.api.eligibility import router as eligibility
        from linghuo.api.root import api
        from linghuo.benefits.api import router as benefits
        from linghuo.collection.api import router as collection
        from linghuo.insights.api import router as insights
        from linghuo.market.api import router as market
        from linghuo.payments.api import router as payments
        from linghuo.registry.api import router as registry

        errors.document(api.default_router)
        for router in (
            accounts,
            audit,
            registry,
            collection,
            insights,
            eligibility,
            benefits,
            payments,
            market,
        ):
            errors.document(router)  # every error status it can answer, in the one shape
            api.add_router("/", router)
