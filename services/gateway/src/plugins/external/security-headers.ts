import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers of the console's origin. The CSP allows no inline or foreign script: the console keeps
 * its tokens in this origin's storage, so only its own bundle may run here. Styles may be inline (antd
 * writes its CSS-in-JS into <style> tags); images may be data: URLs (the captcha). Nobody may frame it.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // The console opens ComfyUI in a tab on another origin: keep that tab out of this browsing context group.
      crossOriginOpenerPolicy: { policy: 'same-origin' },
    });
  },
  { name: 'gateway-security-headers' },
);
