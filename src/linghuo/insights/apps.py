from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "linghuo.insights"
    label = "insights"
    verbose_name = "筛查与分析"
