from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "linghuo.registry"
    label = "registry"
    verbose_name = "人员与单位登记"

    def ready(self) -> None:
        from linghuo.api.root import api
        from linghuo.registry.api import router

        api.add_router("/", router)
