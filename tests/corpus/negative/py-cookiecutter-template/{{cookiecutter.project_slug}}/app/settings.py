"""Settings for {{ cookiecutter.project_name }}.

This file is a cookiecutter template: the placeholders are replaced when a
new project is generated.
"""
from datetime import timedelta

SECRET_KEY = "{{ cookiecutter.django_secret_key }}"

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "ALGORITHM": "HS256",
    "SIGNING_KEY": "{{ jwt_secret }}",
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "rest_framework_simplejwt",
    "{{ cookiecutter.project_slug }}",
]
