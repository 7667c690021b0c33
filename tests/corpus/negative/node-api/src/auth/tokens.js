'use strict';

const jwt = require('jsonwebtoken');

// Read once at start-up; there is no default on purpose.
const secret = process.env.JWT_SECRET;
if (!secret) {
  throw new Error('JWT_SECRET is not set');
}

function issueAccessToken(user) {
  return jwt.sign({ sub: user.id, role: user.role }, secret, { expiresIn: '15m' });
}

function verifyAccessToken(token) {
  return jwt.verify(token, secret, { algorithms: ['HS256'] });
}

// The key is a parameter: callers decide where it comes from.
function signWith(payload, key, options = {}) {
  return jwt.sign(payload, key, { expiresIn: '1h', ...options });
}

// Client-side helper: read the expiry to schedule a refresh. No verification
// happens here (jsonwebtoken's decode takes no key).
function secondsUntilExpiry(token) {
  const decoded = jwt.decode(token);
  if (!decoded || typeof decoded.exp !== 'number') {
    return 0;
  }
  return Math.max(0, decoded.exp - Math.floor(Date.now() / 1000));
}

module.exports = { issueAccessToken, verifyAccessToken, signWith, secondsUntilExpiry };
