import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where `npm run token` finds the development private key: beside the public key, never committed. */
export function devPrivateKeyPath(publicKeyFile: string): string {
  return join(dirname(resolve(publicKeyFile)), 'jwt-dev-private.pem');
}

/**
 * Reads the public key; when it is missing and development keys are allowed, generates an RSA
 * key pair first (private key 0600 beside it).
 */
export function loadPublicKey(publicKeyFile: string, allowDevKeys: boolean): string {
  const path = resolve(publicKeyFile);
  if (!existsSync(path)) {
    if (!allowDevKeys) throw new Error(`JWT_PUBLIC_KEY_FILE ${path} does not exist`);
    generateDevKeyPair(path);
  }
  return readFileSync(path, 'utf8');
}

export function generateDevKeyPair(publicKeyPath: string): void {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  mkdirSync(dirname(publicKeyPath), { recursive: true });
  const privatePath = devPrivateKeyPath(publicKeyPath);
  // write the private key first: a reader that sees the public key can count on its pair
  try {
    writeFileSync(privatePath, privateKey, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // another process (a replica, a test worker) is generating the pair: use its keys
    waitForFile(publicKeyPath, 5000);
    return;
  }
  writeFileSync(publicKeyPath, publicKey, { flag: 'wx' });
}

function waitForFile(path: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) {
      throw new Error(`${devPrivateKeyPath(path)} exists without its public key ${path}; delete both to generate a new development pair`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

export function loadDevPrivateKey(publicKeyFile: string): string {
  loadPublicKey(publicKeyFile, true);
  return readFileSync(devPrivateKeyPath(publicKeyFile), 'utf8');
}
