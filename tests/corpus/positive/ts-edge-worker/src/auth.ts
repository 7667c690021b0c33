import { SignJWT, jwtVerify, type JWTPayload } from 'jose';

const JWT_KEY: Uint8Array = new TextEncoder().encode(process.env.JWT_SECRET ?? 'dev-secret'); // expect: JWT201, JWT101

export async function issueEdgeToken(sub: string, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(JWT_KEY);
}

export async function readEdgeToken(token: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, JWT_KEY);
    return payload;
  } catch {
    return null;
  }
}

// Tokens minted by the partner portal.
export async function readPartnerToken(token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(
    token,
    new TextEncoder().encode("73oN8CqGU6bHOjKw1ECR_Q3tn3yJLsPs6BE7sBlGASJpdO-hRLrrmNp2CSkZA-rO"), // expect: JWT201
    { issuer: 'partner-portal' }
  );
  return payload;
}
