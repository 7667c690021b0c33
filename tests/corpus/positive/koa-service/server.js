'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const jwt = require('koa-jwt');
const jsonwebtoken = require('jsonwebtoken');
const users = require('./users');

// One literal, used by both the middleware and the login route: one finding.
const SECRET = 'my-koa-app-signing-key'; // expect: JWT201, JWT102

const app = new Koa();
const router = new Router();

app.use(bodyParser());
app.use(jwt({ secret: SECRET }).unless({ path: [/^\/public/, '/login'] }));

router.post('/login', async (ctx) => {
  const { username, password } = ctx.request.body;
  const user = await users.authenticate(username, password);
  if (!user) {
    ctx.throw(401, 'bad credentials');
  }
  ctx.body = {
    token: jsonwebtoken.sign({ sub: user.id, name: user.name }, SECRET, { expiresIn: '2h' }),
  };
});

router.get('/me', async (ctx) => {
  ctx.body = ctx.state.user;
});

app.use(router.routes()).use(router.allowedMethods());

app.listen(process.env.PORT || 4000);
