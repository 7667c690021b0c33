import os
from datetime import timedelta
from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = env.bool("DJANGO_DEBUG", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework_simplejwt",
]

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=10),
    "ALGORITHM": "RS256",
    "SIGNING_KEY": (BASE_DIR / "keys" / "jwt-private.pem").read_text(),
    "VERIFYING_KEY": (BASE_DIR / "keys" / "jwt-public.pem").read_text(),
    "AUDIENCE": "api",
    "ISSUER": "https://api.example.com",
}

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}
