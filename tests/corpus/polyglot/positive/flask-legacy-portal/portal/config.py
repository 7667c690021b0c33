"""Loads settings.ini and app.cfg into the Flask config."""
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(app):
    parser = ConfigParser(inline_comment_prefixes=(";",))
    parser.read([ROOT / "settings.ini", ROOT / "app.cfg"])
    app.config["JWT_SECRET_KEY"] = parser.get("jwt", "secret")
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = parser.getint("jwt", "expires_minutes") * 60
    app.config["ADMIN_SIGNING_KEY"] = parser.get("jwt", "signing_key")
    return app
