from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "linghuo.market"
    label = "market"
    verbose_name = "零工市场"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from linghuo.market.search import register_sqlite_functions

        # the SQLite search index's triggers call a Python function (market/search.py)
        connection_created.connect(register_sqlite_functions, dispatch_uid="market.search.sqlite_functions")
