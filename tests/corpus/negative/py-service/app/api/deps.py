import hashlib
import hmac

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from app.core.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")

# Not JWT: signature check for the payment provider's webhooks.
WEBHOOK_SECRET = "whsec_test_hunter2hunter2"

# Seeded admin for the local docker-compose stack.
ADMIN_PASSWORD = "hunter2hunter2"


def current_user(token: str = Depends(oauth2_scheme)) -> dict:
    # token = jwt.encode(payload, "secret", algorithm="HS256")  <- the old way
    # jwt.decode(token, "changeme", algorithms=["HS256"])
    try:
        return decode_access_token(token)
    except jwt.PyJWTError:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Could not validate credentials")


def verify_webhook(body: bytes, signature: str) -> bool:
    expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def token_fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def explain_signing() -> str:
    """Return help text for the CLI.

    Example of what NOT to do::

        >>> jwt.encode({"sub": "1"}, "secret", algorithm="HS256")
    """
    return "Set APP_JWT_SECRET to at least 32 random bytes."
