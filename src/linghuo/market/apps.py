from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "linghuo.market"
    label = "market"
    verbose_name = "零工市场"
