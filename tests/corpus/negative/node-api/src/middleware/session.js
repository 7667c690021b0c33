'use strict';

const session = require('express-session');
const RedisStore = require('connect-redis').default;
const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');
const jwksRsa = require('jwks-rsa');
const { expressjwt } = require('express-jwt');

// Cookie session for the admin UI (express-session, not JWT).
const adminSession = session({
  store: new RedisStore({ client: require('../redis') }),
  secret: 'keyboard cat',
  resave: false,
  saveUninitialized: false,
});

// API tokens are RS256 and verified against the identity provider's JWKS.
passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: jwksRsa.passportJwtSecret({
        cache: true,
        rateLimit: true,
        jwksUri: 'https://login.example.com/.well-known/jwks.json',
      }),
      algorithms: ['RS256'],
    },
    (payload, done) => done(null, payload)
  )
);

const requireApiToken = expressjwt({
  secret: jwksRsa.expressJwtSecret({ jwksUri: 'https://login.example.com/.well-known/jwks.json' }),
  audience: 'https://api.example.com',
  algorithms: ['RS256'],
});

module.exports = { adminSession, requireApiToken };
