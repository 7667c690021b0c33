'use strict';

const jwt = require('jsonwebtoken');
const crypto = require('crypto');

const JWT_SECRET = process.env.JWT_SECRET || 'changeme'; // expect: JWT201, JWT101
const ACCESS_TTL = '15m';

function issueAccessToken(user) {
  return jwt.sign(
    { sub: user.id, role: user.role },
    JWT_SECRET,
    { expiresIn: ACCESS_TTL, issuer: 'orders-api' }
  );
}

function verifyAccessToken(token) {
  return jwt.verify(token, JWT_SECRET, { issuer: 'orders-api' }); // expect: JWT603
}

function issueRefreshToken(user) {
  const jti = crypto.randomUUID();
  return jwt.sign({ sub: user.id, jti }, 'r3fr3sh-t0k3n-k3y', { expiresIn: '30d' }); // expect: JWT201, JWT102
}

function verifyRefreshToken(token) {
  // Copy of the literal above: a second literal, so a second finding.
  return jwt.verify(token, "r3fr3sh-t0k3n-k3y"); // expect: JWT201, JWT102, JWT603
}

// Refresh tokens are stored hashed, never in clear.
function fingerprint(refreshToken) {
  return crypto.createHash('sha256').update(refreshToken).digest('hex');
}

module.exports = {
  issueAccessToken,
  verifyAccessToken,
  issueRefreshToken,
  verifyRefreshToken,
  fingerprint,
};
