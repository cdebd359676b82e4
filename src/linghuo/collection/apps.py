from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "linghuo.collection"
    label = "collection"
    verbose_name = "信息采集"

    def ready(self) -> None:
        from linghuo.api.root import api
        from linghuo.collection.api import router

        api.add_router("/", router)
