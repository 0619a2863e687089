import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { CaptchaExpiredError, CaptchaInvalidError, CaptchaRequiredError } from '../../errors.js';
import type { CaptchaRepository } from './captcha-repository.js';

export interface CaptchaImage {
  text: string;
  svg: string;
}
export type CaptchaGenerator = () => CaptchaImage;

const TTL_MS = 5 * 60 * 1000;

/** svg-captcha: 4 characters, without the ones people confuse (0/o, 1/l/i). */
export const svgCaptchaGenerator: CaptchaGenerator = () => {
  const { text, data } = svgCaptcha.create({ size: 4, noise: 3, ignoreChars: '0oO1lIi', color: true, background: '#f5f7fa' });
  return { text, svg: data };
};

const digest = (key: string, answer: string) => createHash('sha256').update(`${key}:${answer.trim().toLowerCase()}`).digest('hex');

export function captchaService(captchas: CaptchaRepository, generate: CaptchaGenerator) {
  return {
    async create(): Promise<{ key: string; image: string }> {
      const { text, svg } = generate();
      // Lazy cleanup (seed 004 §1.1): expired challenges go whenever a new one is made.
      await captchas.purgeExpired();
      const key = randomUUID();
      await captchas.create({ uuid: key, code: digest(key, text), expireAt: new Date(Date.now() + TTL_MS) });
      return { key, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },

    /** Single use: the challenge is deleted by the first attempt, right or wrong. */
    async verify(key: string | undefined, answer: string | undefined): Promise<void> {
      if (!key || !answer) throw new CaptchaRequiredError();
      const row = await captchas.take(key);
      if (!row) throw new CaptchaInvalidError('验证码无效或已使用，请刷新');
      if (row.expireAt.getTime() < Date.now()) throw new CaptchaExpiredError();
      const given = Buffer.from(digest(key, answer));
      const expected = Buffer.from(row.code);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CaptchaInvalidError('验证码错误');
    },
  };
}
export type CaptchaService = ReturnType<typeof captchaService>;
