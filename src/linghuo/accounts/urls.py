from django.urls import path

from linghuo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup_start, name="signup"),
    path("signup/confirm/", views.signup_confirm, name="signup_confirm"),
    path("me/", views.me, name="me"),
    path("users/", views.user_list, name="users"),
]
