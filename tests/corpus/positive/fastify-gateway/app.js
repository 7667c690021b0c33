'use strict';

const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/jwt'), {
  secret: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' // expect: JWT201, JWT103
});

fastify.decorate('authenticate', async function (request, reply) {
  try {
    await request.jwtVerify();
  } catch (err) {
    reply.send(err);
  }
});

fastify.post('/token', async (request, reply) => {
  const { clientId } = request.body;
  const token = fastify.jwt.sign({ sub: clientId }, { expiresIn: '10m' });
  return reply.send({ token });
});

fastify.get('/upstream/health', { onRequest: [fastify.authenticate] }, async () => {
  return { status: 'ok' };
});

fastify.listen({ port: 8080, host: '0.0.0.0' }, (err) => {
  if (err) {
    fastify.log.error(err);
    process.exit(1);
  }
});
