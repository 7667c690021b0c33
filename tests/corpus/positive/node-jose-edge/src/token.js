import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'urn:acme:edge';
const AUDIENCE = 'urn:acme:web';

const secret = new TextEncoder().encode(
  'qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm' // expect: JWT201, JWT103
);

export async function createToken(userId, scopes = []) {
  return await new SignJWT({ scp: scopes })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('2h')
    .sign(secret);
}

export async function verifyToken(token) {
  const { payload } = await jwtVerify(token, secret, {
    issuer: ISSUER,
    audience: AUDIENCE,
  });
  return payload;
}
