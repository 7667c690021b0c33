package com.acme.orders.security

import io.jsonwebtoken.Jwts
import io.jsonwebtoken.security.Keys
import jakarta.servlet.FilterChain
import jakarta.servlet.http.HttpServletRequest
import jakarta.servlet.http.HttpServletResponse
import org.springframework.web.filter.OncePerRequestFilter

/** Lets the warehouse system call internal endpoints with its own tokens. */
class ServiceTokenFilter : OncePerRequestFilter() {

    private val serviceKey = Keys.hmacShaKeyFor("11aGMRl1VLKbim1opNox9yqVan31Xc3PZcCuMc2RPBw1J5tGh-CdAl73LQDDKqy9".toByteArray(Charsets.UTF_8)) // expect: JWT201

    override fun doFilterInternal(request: HttpServletRequest, response: HttpServletResponse, chain: FilterChain) {
        val header = request.getHeader("X-Service-Token")
        if (header != null) {
            val claims = runCatching {
                Jwts.parser().verifyWith(serviceKey).build().parseSignedClaims(header).payload
            }.getOrNull()
            if (claims == null) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "invalid service token")
                return
            }
            request.setAttribute("service", claims.subject)
        }
        chain.doFilter(request, response)
    }
}
