from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "linghuo.collection"
    label = "collection"
    verbose_name = "信息采集"
