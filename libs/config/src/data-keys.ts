import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FieldCipher, parseKeyRing } from '@yiyang/kernel';

export interface DataKeySettings {
  /** `id:<base64 of 32 bytes>,…` from configuration; empty for the development key */
  keys?: string;
  /** the key new values are sealed with (defaults to the last key listed) */
  currentKeyId?: string;
  /** where a development key is kept when no keys are configured */
  devKeyFile: string;
  allowDevKey: boolean;
  /** the variable names, for error messages */
  names: { keys: string; keyId: string };
}

/**
 * The settings of a service whose configuration names its keys `<PREFIX>_DATA_KEYS` and
 * `<PREFIX>_DATA_KEY_ID` and allows the development key with `DATA_DEV_KEY`; that key is kept in
 * `.local/keys/<prefix>-data.keys` (`serviceDataKeys('REFERRAL', config)`: `.local/keys/referral-data.keys`).
 */
export function serviceDataKeys<P extends string>(
  prefix: P,
  config: { [K in `${P}_DATA_KEYS` | `${P}_DATA_KEY_ID`]?: string } & { DATA_DEV_KEY: boolean },
): DataKeySettings {
  const names = { keys: `${prefix}_DATA_KEYS`, keyId: `${prefix}_DATA_KEY_ID` };
  const setting = (name: string) => (config as Partial<Record<string, string>>)[name];
  return {
    keys: setting(names.keys),
    currentKeyId: setting(names.keyId),
    devKeyFile: `.local/keys/${prefix.toLowerCase()}-data.keys`,
    allowDevKey: config.DATA_DEV_KEY,
    names,
  };
}

/** A validated key ring and the id of the key that seals new values (ciphers and blind indexes derive from it). */
export interface DataKeyRing {
  ring: Map<string, Buffer>;
  currentKeyId: string;
}

/** The configured key ring, or (in development) a generated key kept on disk; errors name the variables. */
export function loadDataKeyRing(s: DataKeySettings): DataKeyRing {
  let text = s.keys?.trim();
  if (!text) {
    if (!s.allowDevKey)
      throw new Error(`${s.names.keys} is required (id:<base64 of 32 bytes>, comma-separated) when development keys are off`);
    text = devKey(resolve(s.devKeyFile));
  }
  try {
    const ring = parseKeyRing(text);
    return { ring, currentKeyId: s.currentKeyId ?? [...ring.keys()].at(-1)! };
  } catch (err) {
    throw new Error(`${s.names.keys} is invalid: ${(err as Error).message}`);
  }
}

/** The cipher for data encrypted at rest, under `loadDataKeyRing`'s ring. */
export function loadFieldCipher(s: DataKeySettings): FieldCipher {
  const { ring, currentKeyId } = loadDataKeyRing(s);
  try {
    return new FieldCipher(ring, currentKeyId);
  } catch (err) {
    throw new Error(`${s.names.keyId}/${s.names.keys}: ${(err as Error).message}`);
  }
}

function devKey(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, `dev1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process wrote it first: use theirs
    }
  }
  for (let i = 0; i < 100; i++) {
    const text = readFileSync(path, 'utf8').trim();
    if (text) return text;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new Error(`${path} is empty; delete it to generate a new development data key`);
}
