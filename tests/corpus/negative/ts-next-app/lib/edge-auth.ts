import { SignJWT, jwtVerify, importSPKI, type JWTPayload } from 'jose';

const secret = new TextEncoder().encode(process.env.EDGE_JWT_SECRET!);

export async function issue(sub: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('15m')
    .sign(secret);
}

export async function verifyLocal(token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, secret);
  return payload;
}

// Tokens from the identity provider are RS256; the PEM comes from the environment.
export async function verifyIdpToken(token: string): Promise<JWTPayload> {
  const publicKey = await importSPKI(process.env.IDP_PUBLIC_KEY_PEM ?? '', 'RS256');
  const { payload } = await jwtVerify(token, publicKey, { issuer: 'https://login.example.com/' });
  return payload;
}
