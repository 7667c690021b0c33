import { createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

// Shared with the billing API for service-to-service calls.
const serviceKey = createSecretKey(Buffer.from('billing-api-k3y-2023')); // expect: JWT201, JWT102

export async function billingToken(caller) {
  return new SignJWT({ svc: caller })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(serviceKey);
}

export async function checkBillingToken(token) {
  const { payload, protectedHeader } = await jwtVerify(token, serviceKey, {
    algorithms: ['HS256'],
  });
  return { caller: payload.svc, alg: protectedHeader.alg };
}
