import time

from authlib.jose import jwt
from authlib.jose.errors import JoseError

HEADER = {"alg": "HS256"}


def issue(user_id: str, roles: list[str]) -> str:
    payload = {"iss": "authlib-app", "sub": user_id, "roles": roles, "exp": int(time.time()) + 3600}
    return jwt.encode(HEADER, payload, "1234567890qwertyuiopasdfghjklzxcvbnm").decode()  # expect: JWT201, JWT103


def read_partner_token(token: str):
    try:
        claims = jwt.decode(token, b"esiIk9SjQX-uawTEP-mxkpstwMJ-Y8hHXfsxiSAJAW_uPkmCF6Aggif6ip8Cc-BF")  # expect: JWT201
        claims.validate()
    except JoseError:
        return None
    return dict(claims)
