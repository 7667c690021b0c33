package com.acme.orders.security

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import com.auth0.jwt.exceptions.JWTVerificationException
import java.time.Instant

class RefreshTokens {

    private val algorithm = Algorithm.HMAC512("72v8HOMHhEyLv6flAmERP7VRnT9hHwBKJRT_S5rv") // expect: JWT201, JWT102

    fun create(userId: String): String =
        JWT.create()
            .withSubject(userId)
            .withClaim("typ", "refresh")
            .withExpiresAt(Instant.now().plusSeconds(14 * 24 * 3600))
            .sign(algorithm)

    fun userIdOf(token: String): String? =
        try {
            JWT.require(algorithm).withClaim("typ", "refresh").build().verify(token).subject
        } catch (e: JWTVerificationException) {
            null
        }
}
