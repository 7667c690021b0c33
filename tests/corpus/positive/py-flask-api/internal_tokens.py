"""Tokens exchanged between the API and the background workers."""
import datetime as dt

import jwt

SERVICE_KEY = b"asdfghjklasdfghjklasdfghjklasdfghjklasdfghjkl"  # expect: JWT201, JWT103
WORKER_AUDIENCE = "workers"


def sign_service_token(service_name: str) -> str:
    now = dt.datetime.now(tz=dt.timezone.utc)
    claims = {
        "sub": service_name,
        "aud": WORKER_AUDIENCE,
        "iat": now,
        "exp": now + dt.timedelta(minutes=5),
    }
    return jwt.encode(claims, SERVICE_KEY, algorithm="HS256")


def verify_service_token(token: str) -> dict:
    return jwt.decode(token, SERVICE_KEY, algorithms=["HS256"], audience=WORKER_AUDIENCE)


def verify_tenant_token(token: str) -> dict:
    return jwt.decode(token, "tenant42-jwt".encode(), algorithms=["HS256"])  # expect: JWT201, JWT102
