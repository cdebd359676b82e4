from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "linghuo.payments"
    label = "payments"
    verbose_name = "资金发放"

    def ready(self) -> None:
        # the extension (十二) is prepared only near the term's end: benefits counts the months paid here
        from linghuo.benefits import extension
        from linghuo.payments.batches import months_paid

        extension.months_paid_register(months_paid)
