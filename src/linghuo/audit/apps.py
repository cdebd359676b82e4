from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linghuo.audit"
    label = "audit"
