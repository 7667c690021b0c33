package com.acme.orders.security

import io.jsonwebtoken.Claims
import io.jsonwebtoken.Jwts
import io.jsonwebtoken.security.Keys
import org.springframework.stereotype.Component
import java.util.Date

@Component
class JwtUtil {

    companion object {
        const val SECRET = "jwtjwtjwtjwtjwtjwtjwtjwtjwtjwtjwtjwtjwtjwt" // expect: JWT201, JWT103
        private const val EXPIRATION_MS = 86_400_000L
    }

    private val key = Keys.hmacShaKeyFor(SECRET.toByteArray())

    fun generateToken(username: String): String =
        Jwts.builder()
            .subject(username)
            .issuedAt(Date())
            .expiration(Date(System.currentTimeMillis() + EXPIRATION_MS))
            .signWith(key)
            .compact()

    fun extractClaims(token: String): Claims =
        Jwts.parser().verifyWith(key).build().parseSignedClaims(token).payload

    fun isValid(token: String, username: String): Boolean =
        extractClaims(token).let { it.subject == username && it.expiration.after(Date()) }
}
