'use strict';

const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');

const KEY_DIR = process.env.KEY_DIR || path.join(__dirname, '..', '..', 'keys');

const privateKey = fs.readFileSync(path.join(KEY_DIR, 'private.pem'));
const publicKey = fs.readFileSync(path.join(KEY_DIR, 'public.pem'), 'utf8');

function signRs256(payload) {
  return jwt.sign(payload, privateKey, { algorithm: 'RS256', expiresIn: '1h', keyid: 'orders-2024' });
}

function verifyRs256(token) {
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

function signWithFileKey(payload) {
  return jwt.sign(payload, fs.readFileSync('private.pem'), { algorithm: 'RS256' });
}

module.exports = { signRs256, verifyRs256, signWithFileKey };
