from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from participation.accounts.forms.account import AdminLoginForm, LoginForm

# Bounded usernames and passwords (participation/accounts/forms/account.py).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("participation.urls")),
]
