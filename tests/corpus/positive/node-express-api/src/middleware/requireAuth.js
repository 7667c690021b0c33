'use strict';

const { expressjwt } = require('express-jwt');

// Rejects requests without a valid bearer token and puts the claims on req.auth.
const requireAuth = expressjwt({
  secret: 'supersecret', // expect: JWT201, JWT101
  algorithms: ['HS256'],
  requestProperty: 'auth',
});

function requireRole(role) {
  return (req, res, next) => {
    if (!req.auth || req.auth.role !== role) {
      return res.status(403).json({ error: 'forbidden' });
    }
    return next();
  };
}

function authErrorHandler(err, req, res, next) {
  if (err.name === 'UnauthorizedError') {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next(err);
}

module.exports = { requireAuth, requireRole, authErrorHandler };
