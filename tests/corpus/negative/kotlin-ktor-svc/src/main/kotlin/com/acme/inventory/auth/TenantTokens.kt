package com.acme.inventory.auth

import com.auth0.jwt.JWT
import com.auth0.jwt.algorithms.Algorithm
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Component

@Component
class TenantTokens(
    @Value("\${jwt.secret}") private val baseSecret: String,
) {
    // Each tenant gets a derived key; the template is evaluated at run time.
    private fun algorithmFor(tenantId: String) = Algorithm.HMAC256("$baseSecret:$tenantId")

    private fun legacyAlgorithmFor(tenantId: String) = Algorithm.HMAC512("${baseSecret}-${tenantId.lowercase()}")

    fun issue(tenantId: String, user: String): String =
        JWT.create().withClaim("tenant", tenantId).withSubject(user).withExpiresAt(Date(System.currentTimeMillis() + 3_600_000)).sign(algorithmFor(tenantId))

    fun verifyLegacy(tenantId: String, token: String) =
        JWT.require(legacyAlgorithmFor(tenantId)).build().verify(token)

    // JWT.create().sign(Algorithm.HMAC256("secret")) -- the getting-started example, never used here
}
