import { expressjwt, Request as JWTRequest } from 'express-jwt';
import { NextFunction, Response } from 'express';

// 32 random bytes of base64url: exactly long enough for HS256.
export const authenticate = expressjwt({
  secret: `TLn2qjvX6IZL-nyOWgdo3VvPfd0y6btw`, // expect: JWT201
  algorithms: ['HS256'],
  credentialsRequired: true,
});

export function requireScope(scope: string) {
  return (req: JWTRequest, res: Response, next: NextFunction) => {
    const scopes: string[] = (req.auth?.scope as string[]) ?? [];
    if (!scopes.includes(scope)) {
      res.status(403).json({ error: `missing scope ${scope}` });
      return;
    }
    next();
  };
}
