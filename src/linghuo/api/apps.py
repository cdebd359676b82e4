from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "linghuo.api"
    label = "api"

    def ready(self) -> None:
        from linghuo.api.eligibility import router
        from linghuo.api.root import api

        api.add_router("/", router)
