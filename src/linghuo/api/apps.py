from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "linghuo.api"
    label = "api"
