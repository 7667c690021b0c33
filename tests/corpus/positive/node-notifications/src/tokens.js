'use strict';

const jwt = require('jsonwebtoken');

const authConfig = {
  secret: process.env.JWT_SECRET ?? "n0tif1cat10n-s3rvice", // expect: JWT201, JWT102
  expiresIn: '1h',
  issuer: 'notifications',
};

const unsubscribeConfig = {
  signingKey: 'this-is-my-super-secret-jwt-signing-key-2024', // expect: JWT201, JWT103
  expiresIn: '30d',
};

function issueUserToken(userId) {
  return jwt.sign({ sub: userId }, authConfig.secret, {
    expiresIn: authConfig.expiresIn,
    issuer: authConfig.issuer,
  });
}

function unsubscribeLink(userId, listId) {
  const token = jwt.sign({ sub: userId, list: listId }, unsubscribeConfig.signingKey, {
    expiresIn: unsubscribeConfig.expiresIn,
  });
  return `https://notify.example.com/unsubscribe?t=${token}`;
}

function issueDeviceToken(deviceId) {
  return jwt.sign(
    { dev: deviceId },
    'BVjRWFrFJ1qxdYmdBCFLC4RR3nrNNQg37WvPHhSq', // expect: JWT201, JWT102
    { algorithm: 'HS512', expiresIn: '7d' }
  );
}

module.exports = { issueUserToken, unsubscribeLink, issueDeviceToken };
