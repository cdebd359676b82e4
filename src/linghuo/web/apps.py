from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "linghuo.web"
    label = "web"
