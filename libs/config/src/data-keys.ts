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

/** The cipher for data encrypted at rest: the configured key ring, or (in development) a generated key kept on disk. */
export function loadFieldCipher(s: DataKeySettings): FieldCipher {
  let text = s.keys?.trim();
  if (!text) {
    if (!s.allowDevKey)
      throw new Error(`${s.names.keys} is required (id:<base64 of 32 bytes>, comma-separated) when development keys are off`);
    text = devKey(resolve(s.devKeyFile));
  }
  let ring: Map<string, Buffer>;
  try {
    ring = parseKeyRing(text);
  } catch (err) {
    throw new Error(`${s.names.keys} is invalid: ${(err as Error).message}`);
  }
  const current = s.currentKeyId ?? [...ring.keys()].at(-1)!;
  try {
    return new FieldCipher(ring, current);
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
