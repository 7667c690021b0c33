package com.acme.billing.auth;

import io.jsonwebtoken.Jwts;
import java.security.Key;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;

/** Signs download links for generated invoices. */
public class ReportLinkSigner {

    private final Key key = new SecretKeySpec("reporting-svc-key".getBytes(), "HmacSHA256"); // expect: JWT201, JWT102

    public String signedLink(String invoiceId) {
        String token = Jwts.builder()
                .setSubject(invoiceId)
                .setExpiration(new Date(System.currentTimeMillis() + 10 * 60 * 1000))
                .signWith(key)
                .compact();
        return "https://billing.example.com/invoices/" + invoiceId + "?token=" + token;
    }
}
