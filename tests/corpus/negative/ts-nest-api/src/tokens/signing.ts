import { sign, verify, type SignOptions } from 'jsonwebtoken';

const KEY: string = process.env.JWT_SECRET as string;
const OPTIONS: SignOptions = { algorithm: 'HS256', expiresIn: '1h' };

export function signToken(payload: object): string {
  return sign(payload, KEY, OPTIONS);
}

export function verifyToken(token: string) {
  return verify(token, KEY, { algorithms: ['HS256'] });
}

export function signScoped(payload: object, secret: string, scope: string): string {
  return sign({ ...payload, scope }, `${secret}`, OPTIONS);
}

// Replaced at build time by the release pipeline (see deploy/render-config.sh).
const EMBED_KEY = '%JWT_SECRET%';

export function signEmbedToken(dashboardId: string): string {
  return sign({ dashboard: dashboardId }, EMBED_KEY, OPTIONS);
}
