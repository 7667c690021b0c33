package com.acme.orders.security

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Service

@Service
class OrderTokenService(
    @Value("\${jwt.secret:changeme}") private val secret: String, // expect: JWT201, JWT101
) {
    private val algorithm by lazy { Algorithm.HMAC256(secret) }

    fun trackingToken(orderId: Long): String =
        JWT.create().withSubject(orderId.toString()).withClaim("scope", "tracking").sign(algorithm) // expect: JWT701

    fun orderIdOf(token: String): Long =
        JWT.require(algorithm).build().verify(token).subject.toLong()
}
