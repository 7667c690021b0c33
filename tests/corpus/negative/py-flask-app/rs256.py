"""RS256 signing for tokens consumed by third parties."""
from pathlib import Path

import jwt

KEYS = Path(__file__).parent / "keys"
PRIVATE_KEY = (KEYS / "private.pem").read_bytes()
PUBLIC_KEY = (KEYS / "public.pem").read_bytes()


def sign(claims: dict) -> str:
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256", headers={"kid": "flask-2024"})


def verify(token: str) -> dict:
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], audience="partners")


def sign_with(claims: dict, key: bytes) -> str:
    return jwt.encode(claims, key=key, algorithm="HS256")
