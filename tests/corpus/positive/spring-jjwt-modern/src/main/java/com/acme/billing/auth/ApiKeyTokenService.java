package com.acme.billing.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Service;

/** Exchanges long-lived API keys for short-lived JWTs. */
@Service
public class ApiKeyTokenService {

    private static final SecretKey API_TOKEN_KEY =
            Keys.hmacShaKeyFor("xmTtnI5XJeDRFkIVavYOGKemej4wfwLDdeGyF4_wZq9z-dloFr3aJzaqawOFeZpm".getBytes(StandardCharsets.UTF_8)); // expect: JWT201

    private final ApiKeyRepository apiKeys;

    public ApiKeyTokenService(ApiKeyRepository apiKeys) {
        this.apiKeys = apiKeys;
    }

    public String exchange(String apiKey) {
        ApiKey record = apiKeys.findActive(apiKey)
                .orElseThrow(() -> new IllegalArgumentException("unknown api key"));
        return Jwts.builder() // expect: JWT701
                .subject(record.ownerId())
                .claims(Map.of("plan", record.plan()))
                .signWith(API_TOKEN_KEY)
                .compact();
    }
}
