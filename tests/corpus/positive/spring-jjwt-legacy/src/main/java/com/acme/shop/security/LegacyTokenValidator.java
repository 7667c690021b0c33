package com.acme.shop.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts tokens minted by the old PHP storefront until it is retired. */
public final class LegacyTokenValidator {

    private static final Logger log = LoggerFactory.getLogger(LegacyTokenValidator.class);

    public Claims validate(String token) {
        Jws<Claims> jws = Jwts.parser()
                .setSigningKey("jjwt-legacy-key") // expect: JWT201, JWT102
                .parseClaimsJws(token);
        log.debug("legacy token for {}", jws.getBody().getSubject());
        return jws.getBody();
    }
}
