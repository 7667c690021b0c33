'use strict';

const jwt = require('jsonwebtoken');

const tenantSecrets = new Map();

// Template literals with interpolation are computed at run time.
function signForTenant(tenantId, payload) {
  const base = tenantSecrets.get(tenantId);
  return jwt.sign(payload, `${base}:${tenantId}`, { expiresIn: '1h' });
}

function signWithEnv(payload) {
  return jwt.sign(payload, `${process.env.JWT_SECRET}`, { algorithm: 'HS256' });
}

/*
 * Old implementation, kept for reference:
 *   const JWT_SECRET = 'changeme';
 *   return jwt.sign(payload, JWT_SECRET);
 */

// jwt.sign(payload, "secret") was what the tutorial did; do not do that.
// jwt.verify(token, 'supersecret');

/**
 * @example
 *   signForTenant('t1', { sub: 'u1' });
 *   // never: jwt.sign({ sub: 'u1' }, 'your-256-bit-secret')
 */
function registerTenant(tenantId, secret) {
  tenantSecrets.set(tenantId, secret);
}

module.exports = { signForTenant, signWithEnv, registerTenant };
