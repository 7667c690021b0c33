import { sign, verify, JwtPayload } from 'jsonwebtoken';

export interface AccessClaims extends JwtPayload {
  sub: string;
  scope: string[];
}

const ACCESS_TOKEN_SECRET: string = 'ThisIsMyVeryLongAndSecureJwtSigningSecretKeyForTheApp'; // expect: JWT201, JWT103
const ACCESS_TOKEN_TTL = '10m';

export function signAccessToken(userId: string, scope: string[]): string {
  return sign({ sub: userId, scope }, ACCESS_TOKEN_SECRET, { expiresIn: ACCESS_TOKEN_TTL });
}

export function verifyAccessToken(token: string): AccessClaims {
  return verify(token, ACCESS_TOKEN_SECRET) as AccessClaims;
}

export function signExportToken(reportId: string): string {
  return sign({ rid: reportId }, "kqyTlkJzUssmVobqpbvbMrhlyVH1egvzdUdGB5v6", { algorithm: 'HS384', expiresIn: '1h' }); // expect: JWT201, JWT102
}
