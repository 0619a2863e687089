// (b') of the gateway bench: @fastify/reply-from with the gateway's own pool settings, nothing else, so
// that (c) against it isolates exactly what identity, IP and RBAC checks cost.
import Fastify from 'fastify';
import replyFrom from '@fastify/reply-from';

const app = Fastify({ logger: false });
await app.register(replyFrom, { base: process.env.UPSTREAM!, undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 } });
app.all('/*', (request, reply) => reply.from(request.url));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
