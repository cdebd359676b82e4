from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "linghuo.registry"
    label = "registry"
    verbose_name = "人员与单位登记"
