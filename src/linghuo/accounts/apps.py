from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linghuo.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from axes.signals import user_locked_out  # type: ignore[import-untyped]
        from django.contrib.auth import signals

        from linghuo.accounts import login_events

        signals.user_logged_in.connect(login_events.on_logged_in, dispatch_uid="linghuo-login-ok")
        signals.user_login_failed.connect(login_events.on_login_failed, dispatch_uid="linghuo-login-failed")
        signals.user_logged_out.connect(login_events.on_logged_out, dispatch_uid="linghuo-logout")
        user_locked_out.connect(login_events.on_locked_out, dispatch_uid="linghuo-locked-out")
