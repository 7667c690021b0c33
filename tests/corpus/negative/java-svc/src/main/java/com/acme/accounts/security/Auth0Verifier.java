package com.acme.accounts.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;

public class Auth0Verifier {

    private final JWTVerifier verifier;

    public Auth0Verifier() {
        String secret = System.getenv("JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("JWT_SECRET environment variable is required");
        }
        this.verifier = JWT.require(Algorithm.HMAC256(secret)).withIssuer("accounts-service").build();
    }

    public DecodedJWT verify(String token) {
        return verifier.verify(token);
    }

    public static Auth0Verifier forSecret(String secret) {
        return new Auth0Verifier(Algorithm.HMAC512(secret));
    }

    private Auth0Verifier(Algorithm algorithm) {
        this.verifier = JWT.require(algorithm).build();
    }
}
