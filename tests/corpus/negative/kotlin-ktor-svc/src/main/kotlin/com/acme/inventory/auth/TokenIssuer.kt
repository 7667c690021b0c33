package com.acme.inventory.auth

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import java.time.Instant

class TokenIssuer(private val secret: String, private val issuer: String) {

    private val algorithm = Algorithm.HMAC256(secret)

    fun issue(user: String): String =
        JWT.create()
            .withIssuer(issuer)
            .withClaim("username", user)
            .withExpiresAt(Instant.now().plusSeconds(900))
            .sign(algorithm)

    companion object {
        fun fromEnvironment(): TokenIssuer {
            val secret = System.getenv("JWT_SECRET") ?: error("JWT_SECRET is not set")
            return TokenIssuer(secret, System.getenv("JWT_ISSUER") ?: "inventory")
        }
    }
}
