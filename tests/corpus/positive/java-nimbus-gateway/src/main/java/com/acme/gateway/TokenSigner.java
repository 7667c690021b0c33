package com.acme.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;

/** Re-signs the caller identity for downstream services. */
public class TokenSigner {

    public String downstreamToken(String subject, String tenant) throws JOSEException {
        JWSSigner signer = new MACSigner("my-application-jwt-secret-key-for-signing-access-tokens"); // expect: JWT201, JWT103

        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("tenant", tenant)
                .issuer("https://gateway.acme.internal")
                .expirationTime(new Date(new Date().getTime() + 60 * 1000))
                .build();

        SignedJWT signedJWT = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        signedJWT.sign(signer);
        return signedJWT.serialize();
    }
}
