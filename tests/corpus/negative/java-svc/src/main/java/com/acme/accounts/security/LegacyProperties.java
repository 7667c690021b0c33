package com.acme.accounts.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Settings for the legacy token bridge; disabled unless a secret is configured. */
@Component
public class LegacyProperties {

    private final String legacySecret;

    public LegacyProperties(@Value("${legacy.jwt.secret:}") String legacySecret) {
        this.legacySecret = legacySecret;
    }

    public boolean enabled() {
        return !legacySecret.isEmpty();
    }

    public String secret() {
        if (!enabled()) {
            throw new IllegalStateException("legacy.jwt.secret is not set");
        }
        return legacySecret;
    }
}
