from django.contrib.auth import views as auth_views
from django.urls import path

from dudao.accounts import views
from dudao.accounts.lockout import LockoutAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LockoutAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/revoke/", views.revoke, name="token_revoke"),
]
