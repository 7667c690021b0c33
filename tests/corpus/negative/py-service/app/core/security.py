import os
import time
from datetime import datetime, timedelta, timezone

import jwt

from app.core.config import settings


def create_access_token(subject: str) -> str:
    expire = datetime.now(timezone.utc) + timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    return jwt.encode({"sub": subject, "exp": expire}, settings.JWT_SECRET, algorithm=settings.JWT_ALGORITHM)


def decode_access_token(token: str) -> dict:
    return jwt.decode(token, settings.JWT_SECRET, algorithms=[settings.JWT_ALGORITHM])


def create_reset_token(email: str) -> str:
    # Separate key for password-reset links, required in the environment.
    return jwt.encode({"email": email, "exp": int(time.time()) + 3600}, os.environ["JWT_RESET_SECRET"], algorithm="HS256")


def create_invite_token(org_id: str) -> str:
    invite_secret = os.getenv("JWT_INVITE_SECRET")
    if not invite_secret:
        raise RuntimeError("JWT_INVITE_SECRET is not configured")
    return jwt.encode({"org": org_id, "exp": int(time.time()) + 3600}, invite_secret, algorithm="HS256")


def create_tenant_token(tenant_id: str, tenant_salt: str) -> str:
    return jwt.encode({"tid": tenant_id, "exp": int(time.time()) + 3600}, f"{settings.JWT_SECRET}:{tenant_salt}", algorithm="HS256")


def create_legacy_token(subject: str) -> str:
    # An empty default only keeps imports working; the check refuses it.
    legacy_secret = os.getenv("JWT_LEGACY_SECRET", "")
    if legacy_secret == "":
        raise RuntimeError("legacy tokens are disabled")
    return jwt.encode({"sub": subject, "exp": int(time.time()) + 3600}, legacy_secret, algorithm="HS256")
