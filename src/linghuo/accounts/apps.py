from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linghuo.accounts"
    label = "accounts"
