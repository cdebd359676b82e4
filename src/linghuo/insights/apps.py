from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "linghuo.insights"
    label = "insights"
    verbose_name = "筛查与分析"

    def ready(self) -> None:
        from linghuo.api.root import api
        from linghuo.insights.api import router

        api.add_router("/", router)
