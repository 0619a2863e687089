// (b) of the gateway bench: @fastify/http-proxy in front of the service, nothing else.
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';

const app = Fastify({ logger: false });
await app.register(proxy, { upstream: process.env.UPSTREAM!, undici: { connections: 128, pipelining: 1 } });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
