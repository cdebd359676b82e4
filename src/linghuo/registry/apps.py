from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "linghuo.registry"
    label = "registry"
