import logging

import jwt
from fastapi import HTTPException, status

logger = logging.getLogger(__name__)


def parse_partner_callback(token: str) -> dict:
    """Partner callbacks carry an HS384 token in the X-Callback-Token header."""
    try:
        return jwt.decode(token, "pqFrKB9zVv4D8VP5Ga6jQ4-34cQPbyJSsyJ-RMUj", algorithms=["HS384"])  # expect: JWT201, JWT102
    except jwt.InvalidTokenError as exc:
        logger.warning("rejected partner callback: %s", exc)
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="bad token")


def sign_outgoing_event(event: dict) -> str:
    body = {"evt": event["type"], "id": event["id"]}
    return jwt.encode(  # expect: JWT701
        body,
        key="khUhXj5KZdOLvXyi3kUL3NoCTAo8kcA",  # expect: JWT201, JWT102
        algorithm="HS256",
    )
