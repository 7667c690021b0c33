'use strict';

const { expressjwt } = require('express-jwt');

// This file is rendered by `envsubst` in the container entrypoint before the
// app starts, so the placeholders below never reach production as-is.
const requireAuth = expressjwt({
  secret: "${JWT_SECRET}",
  algorithms: ['HS256'],
});

module.exports = { requireAuth };
