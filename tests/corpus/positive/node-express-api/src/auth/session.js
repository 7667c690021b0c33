'use strict';

const { sign, verify } = require('jsonwebtoken');

// Key for the short-lived "session" tokens handed to the websocket server.
const SESSION_KEY = `c-SKcAyH9cz7WiTYbcmXLNf6y6KFZKdGivQkiXrmvGXGVC5Goje-TpfQHXXduTHc`; // expect: JWT201

function createSessionToken(userId, socketId) {
  return sign({ sub: userId, sid: socketId }, SESSION_KEY, {
    algorithm: 'HS256',
    expiresIn: 60,
  });
}

function readSessionToken(token) {
  try {
    return verify(token, SESSION_KEY, { algorithms: ['HS256'] });
  } catch (err) {
    return null;
  }
}

module.exports = { createSessionToken, readSessionToken };
