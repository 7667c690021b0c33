package com.acme.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Instant;

public class TokenIssuer {

    private static final String ISSUER = "auth0-service";

    private final Algorithm accessAlg = Algorithm.HMAC256("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); // expect: JWT201, JWT101
    private final Algorithm refreshAlg = Algorithm.HMAC384("H1zu3Fq00jANLau3w4JmXmEzqprhyQyAv9n7YJHUoqzjGbQ"); // expect: JWT201, JWT102
    private final Algorithm partnerAlg = Algorithm.HMAC512( // partner tokens
            "9HiiHn7dA1f9lqgeR8TEQfSz83fMFSEr4ZGfcImghkaxepEQCmBlwgeppdPZGxqx"); // expect: JWT201

    public String accessToken(String userId) {
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(userId)
                .withExpiresAt(Instant.now().plusSeconds(600))
                .sign(accessAlg);
    }

    public String refreshToken(String userId) {
        return JWT.create().withIssuer(ISSUER).withSubject(userId).sign(refreshAlg); // expect: JWT701
    }

    public DecodedJWT verifyPartner(String token) {
        JWTVerifier verifier = JWT.require(partnerAlg).withIssuer("partner-portal").build();
        return verifier.verify(token);
    }

    public DecodedJWT verifyAccess(String token) {
        return JWT.require(accessAlg).withIssuer(ISSUER).build().verify(token);
    }
}
