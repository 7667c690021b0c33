package com.acme.api.auth

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import java.util.Date

class TokenService(private val clock: () -> Long = System::currentTimeMillis) {

    private val secret = "Qcn9UbRUd1oytyp9taq07OL6bSvK01vSetULF7asM7IYfqtD-EdHN6dGLsBPvOo6" // expect: JWT201
    private val issuer = "https://api.acme.example/"
    private val validityMs = 3_600_000L

    fun issue(userId: String, roles: List<String>): String =
        JWT.create()
            .withIssuer(issuer)
            .withSubject(userId)
            .withClaim("roles", roles)
            .withExpiresAt(Date(clock() + validityMs))
            .sign(Algorithm.HMAC256(secret))

    fun subjectOf(token: String): String? =
        runCatching {
            JWT.require(Algorithm.HMAC256(secret)).withIssuer(issuer).build().verify(token).subject
        }.getOrNull()
}
