import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Source-database passwords at rest: AES-256-GCM, key derived from SECRETS_KEY with HKDF-SHA256.
// Stored as `v1:` + base64(iv 12 bytes ‖ tag 16 bytes ‖ ciphertext). The GCM tag tells which key sealed a
// value, so a rotation needs no new format: during one, SECRETS_KEY_PREVIOUS still opens what the old key
// sealed, and `npm run vectors:rotate-secrets` re-seals it under the current key.
const VERSION = 'v1';
const INFO = 'xl-db-connections/password/v1';

const keyOf = (secretsKey: string) => Buffer.from(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), Buffer.alloc(0), INFO, 32));

/** The plain text, or null when `key` did not seal it (or it is corrupt). */
function openWith(key: Buffer, sealed: string): string | null {
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
}

/** Seals with `secretsKey`; opens with it or, during a rotation, with `previousKey`. */
export function secretBox(secretsKey: string, previousKey?: string) {
  const key = keyOf(secretsKey);
  const previous = previousKey ? keyOf(previousKey) : null;
  const seal = (plain: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  };
  return {
    seal,
    /** The plain text, or null when neither key sealed the value (or it is corrupt). */
    open(sealed: string): string | null {
      return openWith(key, sealed) ?? (previous ? openWith(previous, sealed) : null);
    },
    /**
     * What a rotation does with a stored value: `current` (sealed with the current key already), the value
     * sealed anew (`resealed`, it was the previous key's), or `unreadable` (neither key opens it).
     */
    reseal(sealed: string): { status: 'current' } | { status: 'resealed'; sealed: string } | { status: 'unreadable' } {
      if (openWith(key, sealed) !== null) return { status: 'current' };
      const plain = previous ? openWith(previous, sealed) : null;
      return plain === null ? { status: 'unreadable' } : { status: 'resealed', sealed: seal(plain) };
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;
