from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "linghuo.benefits"
    label = "benefits"
    verbose_name = "待遇经办"

    def ready(self) -> None:
        # a finished registry screening run makes offers (insights sends the signal; benefits listens, so
        # insights never imports benefits)
        from linghuo.benefits import receivers  # noqa: F401
