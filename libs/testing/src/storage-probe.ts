import type request from 'supertest';

type Http = ReturnType<typeof request>;

/** Settings for a replica whose object store is an endpoint where nothing listens (the shared S3Proxy keeps running). */
export const STORE_DOWN = { S3_ENDPOINT: 'http://127.0.0.1:1', S3_CONNECT_TIMEOUT_MS: '200' };

/**
 * Checks a replica started with STORE_DOWN: readiness 503 with Retry-After naming the store, liveness 200
 * (alive, only not ready); then that `up`, a replica with the real store, is ready.
 */
export async function expectNotReadyWhileStoreDown(down: Http, up: Http): Promise<void> {
  const probe = await down.get('/health/ready');
  expect(probe.status).toBe(503);
  expect(probe.headers['retry-after']).toBe('5');
  expect(probe.body).toMatchObject({
    status: 'error',
    error: { storage: { status: 'down', message: 'the object store does not answer' } },
  });
  expect((await down.get('/health/live')).status).toBe(200);
  const ready = await up.get('/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
}
