import os
from datetime import timedelta

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "payroll.employees",
]

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5),
    "ALGORITHM": "HS512",
    "SIGNING_KEY": "0123456789012345678901234567890123456789012345678901234567890123",  # expect: JWT201, JWT103
    "USER_ID_FIELD": "employee_id",
}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "payroll"),
        "HOST": os.environ.get("PGHOST", "localhost"),
    }
}
