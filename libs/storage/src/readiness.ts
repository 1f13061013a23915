import { isStorageUnavailable } from './errors';

/** The parts of an HTTP request and response the readiness gate touches (Express's and Node's fit). */
interface ProbeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * A middleware for a service's readiness probe (GET /health/ready) that checks the object store first:
 * when `ping` fails (the store down, silent past its timeout, or refusing the service's key) the probe
 * answers 503 with Retry-After at once, in the shape of the platform's own answer
 * (`{ status: 'error', error: { storage: { status: 'down', message } } }`), so that a load balancer
 * stops sending uploads and downloads to a replica that cannot serve them; otherwise the platform's
 * checks (database, Kafka, outbox) answer as usual. Plain TypeScript: any connect-style framework.
 */
export function storageReadinessGate(ping: () => Promise<void>) {
  return (_req: unknown, res: ProbeResponse, next: (err?: unknown) => void): void => {
    ping().then(
      () => next(),
      (err: unknown) => {
        const message = isStorageUnavailable(err)
          ? 'the object store does not answer'
          : `the object store refuses this service (${(err as Error)?.name ?? 'error'})`;
        const storage = { status: 'down', message };
        res.statusCode = 503;
        res.setHeader('Retry-After', '5');
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ status: 'error', info: {}, error: { storage }, details: { storage } }));
      },
    );
  };
}
