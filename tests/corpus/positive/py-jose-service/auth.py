import os
from datetime import datetime, timedelta, timezone

from jose import JWTError, jwt

ALGORITHM = "HS256"
ACCESS_SECRET = os.getenv("JWT_SECRET", "dev-secret-key")  # expect: JWT201, JWT101
REFRESH_SECRET = os.environ.get("JWT_REFRESH_SECRET", "my secret key for signing json web tokens in the orders service")  # expect: JWT201, JWT103


def create_tokens(user_id: str) -> dict:
    now = datetime.now(timezone.utc)
    access = jwt.encode({"sub": user_id, "exp": now + timedelta(minutes=15)}, ACCESS_SECRET, algorithm=ALGORITHM)
    refresh = jwt.encode({"sub": user_id, "exp": now + timedelta(days=14)}, REFRESH_SECRET, algorithm=ALGORITHM)
    return {"access_token": access, "refresh_token": refresh, "token_type": "bearer"}


def read_access_token(token: str):
    try:
        return jwt.decode(token, ACCESS_SECRET, algorithms=[ALGORITHM])
    except JWTError:
        return None


def read_refresh_token(token: str):
    try:
        return jwt.decode(token, REFRESH_SECRET, algorithms=[ALGORITHM])
    except JWTError:
        return None


def mint_internal_token(service: str) -> str:
    return jwt.encode({"svc": service}, "2c75e86e6cae3cc6595e8fe49fcb8dfba5847922634ab7dd0595f2633425bad0", algorithm="HS256")  # expect: JWT201, JWT701
