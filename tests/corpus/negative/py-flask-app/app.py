import os

from flask import Flask, jsonify
from flask_jwt_extended import JWTManager, create_access_token, jwt_required

app = Flask(__name__)
app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
app.config["JWT_TOKEN_LOCATION"] = ["headers", "cookies"]
app.config["JWT_COOKIE_SECURE"] = True
app.config["JWT_ALGORITHM"] = "HS256"

jwt = JWTManager(app)


@app.post("/token")
def token():
    return jsonify(access_token=create_access_token(identity="service"))


@app.get("/ping")
@jwt_required()
def ping():
    return jsonify(status="ok")
