'use strict';

const config = require('config');
const { expressjwt } = require('express-jwt');

// Values come from config/<NODE_ENV>.json, filled by the deploy pipeline.
const requireAuth = expressjwt({
  secret: config.get('jwt.secret'),
  algorithms: ['HS256'],
  issuer: config.get('jwt.issuer'),
});

const optionalAuth = expressjwt({
  secret: config.get('jwt.secret'),
  algorithms: ['HS256'],
  credentialsRequired: false,
});

module.exports = { requireAuth, optionalAuth };
