package com.acme.accounts.security;

import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.spec.SecretKeySpec;

public final class RsaKeys {

    private RsaKeys() {}

    public static PrivateKey loadPrivateKey(Path pemFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(pemFile)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(pem);
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    public static String signRs256(PrivateKey key, String subject) {
        return Jwts.builder().subject(subject).expiration(new Date(System.currentTimeMillis() + 900_000)).signWith(key, Jwts.SIG.RS256).compact();
    }

    public static SecretKeySpec hmacKeyFromConfig(Properties props) {
        String secretB64 = props.getProperty("jwt.secret");
        return new SecretKeySpec(Base64.getDecoder().decode(secretB64), "HmacSHA256");
    }
}
