import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Source-database passwords at rest: AES-256-GCM, key derived from SECRETS_KEY with HKDF-SHA256.
// Stored as `v1:` + base64(iv 12 bytes ‖ tag 16 bytes ‖ ciphertext). The version prefix names the key
// derivation, so a key rotation can add `v2:` (new key) and re-encrypt `v1:` rows, reading both meanwhile.
const VERSION = 'v1';
const INFO = 'xl-db-connections/password/v1';

export function secretBox(secretsKey: string) {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), Buffer.alloc(0), INFO, 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    /** The plain text, or null when the value was sealed under another key or version, or is corrupt. */
    open(sealed: string): string | null {
      const [version, payload] = sealed.split(':', 2);
      if (version !== VERSION || !payload) return null;
      const raw = Buffer.from(payload, 'base64');
      if (raw.length < 28) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;
