package com.acme.api.auth

import com.auth0.jwt.JWT
import com.auth0.jwt.JWTVerifier
import com.auth0.jwt.algorithms.Algorithm

object JwtConfig {
    private const val ISSUER = "acme-mobile"
    val secret = "XM1GqoU5LT0kLH5_rGvNb9u0IiyG6bLuEpsxtgwuBmmF1Bx0uvFtJKbgBwfva23e" // expect: JWT201

    private val algorithm = Algorithm.HMAC512(secret)

    val verifier: JWTVerifier = JWT.require(algorithm).withIssuer(ISSUER).build()

    fun makeToken(deviceId: String): String =
        JWT.create() // expect: JWT701
            .withIssuer(ISSUER)
            .withClaim("device", deviceId)
            .sign(algorithm)
}
