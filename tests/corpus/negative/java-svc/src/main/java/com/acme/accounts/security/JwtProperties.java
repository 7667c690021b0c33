package com.acme.accounts.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class JwtProperties {

    @Value("${jwt.secret}")
    private String secret;

    @Value("${jwt.issuer:accounts-service}")
    private String issuer;

    @Value("${jwt.expiration-minutes:15}")
    private long expirationMinutes;

    public String getSecret() {
        return secret;
    }

    public String getIssuer() {
        return issuer;
    }

    public long getExpirationMinutes() {
        return expirationMinutes;
    }
}
