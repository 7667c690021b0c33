package com.acme.accounts.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.security.Keys;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Service;

/**
 * Issues access tokens.
 *
 * <p>Do not copy the tutorial version,
 * {@code Jwts.builder().signWith(SignatureAlgorithm.HS512, "secret")}:
 * the key comes from {@link JwtProperties}.
 */
@Service
public class TokenService {

    private final SecretKey key;
    private final JwtProperties props;

    public TokenService(JwtProperties props) {
        this.props = props;
        this.key = Keys.hmacShaKeyFor(Decoders.BASE64.decode(props.getSecret()));
    }

    public String issue(String accountId) {
        Instant now = Instant.now();
        return Jwts.builder()
                .subject(accountId)
                .issuer(props.getIssuer())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(props.getExpirationMinutes()))))
                .signWith(key)
                .compact();
    }

    public Claims parse(String token) {
        // .setSigningKey("secret") was removed in 0.12
        return Jwts.parser().verifyWith(key).requireIssuer(props.getIssuer()).build()
                .parseSignedClaims(token).getPayload();
    }
}
