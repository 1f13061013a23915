import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { Topics, deadLetterTopic } from '@yiyang/contracts';
import { startConsoleServer } from '../apps/console/server/console-server';
import { CONSOLE_APIS, consoleOptionsFromEnv } from '../apps/console/server/settings';
import { MAX_DOCUMENT_BYTES } from '../libs/storage/src/read-limited';

/**
 * The Kubernetes manifests keep the platform's promises (kubectl is not needed: the structure is checked
 * here): every manifest of the kustomization parses; each service's Deployment has startup, readiness and
 * liveness probes on the right paths and port, requests and limits, a PodDisruptionBudget and a
 * HorizontalPodAutoscaler that match it; every topic a service uses is declared for Strimzi with 3 replicas
 * and min.insync.replicas 2; no manifest accepts development tokens; every service names its OIDC issuer.
 * The web console (console.yaml, Dockerfile.console) runs as a non-root user, is probed on a path its server
 * answers, reaches each service through that service's Service, and is the one backend of the Ingress, which
 * lets its live streams through (no buffering, a long read timeout) and takes documents as large as the
 * services do.
 */

const root = resolve(__dirname, '..');
const dir = resolve(__dirname, 'k8s');

/** The services and their ports (libs/config defaults; the ConfigMaps must agree). */
const SERVICES: Record<string, { port: number; module: string }> = {
  'institution-registry': { port: 3001, module: 'apps/institution-registry/src/registry.module.ts' },
  contract: { port: 3002, module: 'apps/contract/src/contract.module.ts' },
  referral: { port: 3003, module: 'apps/referral/src/referral.module.ts' },
  notification: { port: 3004, module: 'apps/notification/src/notification.module.ts' },
};

type Obj = Record<string, unknown>;

interface Manifest extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Obj;
  data?: Record<string, string>;
}

interface Probe {
  httpGet?: { path: string; port: number | string };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

interface Container {
  name: string;
  image?: string;
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}

interface ServiceSpec {
  selector: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string }[];
}

interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      terminationGracePeriodSeconds?: number;
      securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
      containers: Container[];
      topologySpreadConstraints?: { topologyKey: string; maxSkew: number; labelSelector: { matchLabels: Record<string, string> } }[];
    };
  };
}

function loadKustomization(): { files: string[]; manifests: Manifest[] } {
  const kustomization = loadAll(readFileSync(resolve(dir, 'kustomization.yaml'), 'utf8'))[0] as { resources: string[] };
  const files = kustomization.resources;
  const manifests: Manifest[] = [];
  for (const file of files) {
    const path = resolve(dir, file);
    if (!existsSync(path)) throw new Error(`kustomization.yaml lists ${file}, which does not exist`);
    for (const doc of loadAll(readFileSync(path, 'utf8'))) {
      if (doc === null || doc === undefined) continue;
      manifests.push(doc as Manifest);
    }
  }
  return { files, manifests };
}

const { files, manifests } = loadKustomization();

function find(kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} named ${name}, found ${found.length}`);
  return found[0];
}

const deploymentSpec = (name: string): DeploymentSpec => find('Deployment', name).spec as unknown as DeploymentSpec;

/** Mebibytes of a Kubernetes quantity (Mi, Gi, M, G or bytes). */
function mebibytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)?$/.exec(quantity);
  if (!m) throw new Error(`unexpected memory quantity ${quantity}`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 'Mi':
      return n;
    case 'Gi':
      return n * 1024;
    case 'M':
      return (n * 1e6) / 2 ** 20;
    case 'G':
      return (n * 1e9) / 2 ** 20;
    default:
      return n / 2 ** 20;
  }
}

/** Every value anywhere under a manifest, with the key or env name it was set under. */
function settings(node: unknown, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(node)) node.forEach((n) => settings(n, out));
  else if (node !== null && typeof node === 'object') {
    const o = node as Obj;
    if (typeof o.name === 'string' && 'value' in o) out.push([o.name, o.value]);
    for (const [k, v] of Object.entries(o)) {
      if (v === null || typeof v !== 'object') out.push([k, v]);
      else settings(v, out);
    }
  }
  return out;
}

/** The topics a service consumes, read from its module's `consumes: [Topics.…]` (no Nest module is loaded). */
function consumedTopics(): Set<string> {
  const consumed = new Set<string>();
  for (const { module } of Object.values(SERVICES)) {
    const source = readFileSync(resolve(root, module), 'utf8');
    const list = /consumes:\s*\[([^\]]*)\]/.exec(source);
    if (!list) throw new Error(`${module} declares no consumes: [...]`);
    for (const [, key] of list[1].matchAll(/Topics\.(\w+)/g)) {
      const topic = (Topics as Record<string, string>)[key];
      if (!topic) throw new Error(`${module} consumes Topics.${key}, which libs/contracts does not define`);
      consumed.add(topic);
    }
  }
  return consumed;
}

describe('deploy/k8s manifests', () => {
  it('parse, every one with apiVersion, kind and a unique name', () => {
    expect(files).toContain('kafka-topics.yaml');
    const seen = new Set<string>();
    for (const m of manifests) {
      expect(typeof m.apiVersion).toBe('string');
      expect(typeof m.kind).toBe('string');
      expect(typeof m.metadata?.name).toBe('string');
      const key = `${m.kind}/${m.metadata.name}`;
      expect(seen.has(key) ? key : 'unique').toBe('unique');
      seen.add(key);
    }
  });

  it('never accept development tokens', () => {
    for (const m of manifests) {
      const dev = settings(m).filter(([k, v]) => k === 'JWT_DEV_KEYS' && String(v).toLowerCase() !== 'false');
      expect({ manifest: `${m.kind}/${m.metadata.name}`, dev }).toEqual({ manifest: `${m.kind}/${m.metadata.name}`, dev: [] });
    }
  });

  it('give every container of every Deployment three probes, requests and a memory limit above them', () => {
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name)).toEqual(expect.arrayContaining([...Object.keys(SERVICES), 'keycloak']));
    for (const d of deployments) {
      for (const c of (d.spec as unknown as DeploymentSpec).template.spec.containers) {
        const where = `${d.metadata.name}/${c.name}`;
        expect({ where, startup: !!c.startupProbe?.httpGet, ready: !!c.readinessProbe?.httpGet, live: !!c.livenessProbe?.httpGet }).toEqual(
          {
            where,
            startup: true,
            ready: true,
            live: true,
          },
        );
        expect({
          where,
          cpu: c.resources?.requests?.cpu,
          memory: c.resources?.requests?.memory,
          limit: c.resources?.limits?.memory,
        }).toEqual({
          where,
          cpu: expect.any(String),
          memory: expect.any(String),
          limit: expect.any(String),
        });
        expect(mebibytes(c.resources!.limits!.memory)).toBeGreaterThanOrEqual(mebibytes(c.resources!.requests!.memory));
      }
    }
  });

  describe.each(Object.entries(SERVICES))('%s', (name, { port }) => {
    const config = () => find('ConfigMap', name).data ?? {};
    const container = () => {
      const containers = deploymentSpec(name).template.spec.containers;
      expect(containers).toHaveLength(1);
      return containers[0];
    };

    it('has a ConfigMap with its port, the OIDC issuer and replication factor 3, used by its container', () => {
      const data = config();
      expect(data.PORT).toBe(String(port));
      expect(data.OIDC_ISSUER).toMatch(/^https:\/\/\S+\/realms\/\S+$/);
      expect(data.KAFKA_REPLICATION_FACTOR).toBe('3');
      expect(container().envFrom).toContainEqual({ configMapRef: { name } });
      expect(container().ports?.map((p) => p.containerPort)).toEqual([port]);
    });

    it('probes: started and alive on /health/live (also while it waits for its database), ready on /health/ready', () => {
      const c = container();
      expect(c.startupProbe?.httpGet).toEqual({ path: '/health/live', port });
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port });
      const budget = (p: Probe) => (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3);
      // time to bind the port at all; then the liveness probe holds, however long the database takes
      expect(budget(c.startupProbe!)).toBeGreaterThanOrEqual(30);
      // a slow (saturated) replica is not restarted at once; readiness answers within its own 2 s deadlines
      expect(budget(c.livenessProbe!)).toBeGreaterThanOrEqual(20);
      expect(c.livenessProbe!.timeoutSeconds ?? 1).toBeGreaterThanOrEqual(2);
      expect(c.readinessProbe!.timeoutSeconds ?? 1).toBeGreaterThan(2);
    });

    it('is sized above what the benchmark measured, with the V8 heap capped below the limit', () => {
      const peaks = (
        JSON.parse(readFileSync(resolve(root, 'test/bench/results.json'), 'utf8')) as { peakMemoryMiB: Record<string, number> }
      ).peakMemoryMiB;
      const { requests, limits } = container().resources!;
      const limit = mebibytes(limits!.memory);
      expect(limit).toBeGreaterThanOrEqual(1.5 * peaks[name]);
      expect(mebibytes(requests!.memory)).toBeGreaterThanOrEqual(peaks[name]);
      const heap = /--max-old-space-size=(\d+)/.exec(config().NODE_OPTIONS ?? '');
      expect(heap).not.toBeNull();
      expect(Number(heap![1])).toBeGreaterThanOrEqual(peaks[name]);
      expect(Number(heap![1])).toBeLessThanOrEqual(0.75 * limit);
    });

    it('terminates gracefully and spreads over nodes and zones', () => {
      const spec = deploymentSpec(name);
      expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
      const preStop = container().lifecycle?.preStop;
      const pause = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.[1] ?? 0);
      expect(pause).toBeGreaterThan(0);
      expect(spec.template.spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThanOrEqual(pause + 30);
      const spread = spec.template.spec.topologySpreadConstraints ?? [];
      expect(spread.map((s) => s.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const s of spread) expect(s.labelSelector.matchLabels).toEqual(spec.selector.matchLabels);
      const service = find('Service', name).spec as { selector: Record<string, string> };
      expect(spec.template.metadata.labels).toMatchObject(service.selector);
    });

    it('has a PodDisruptionBudget keeping one replica and an autoscaler of 2 or more on CPU, both on this Deployment', () => {
      const spec = deploymentSpec(name);
      // the autoscaler owns the count; a fixed count in the Deployment would be reset by every apply
      expect(spec.replicas ?? 2).toBeGreaterThanOrEqual(2);

      const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget' && m.apiVersion === 'policy/v1');
      const pdb = pdbs.filter((p) => JSON.stringify((p.spec as { selector: unknown }).selector) === JSON.stringify(spec.selector));
      expect(pdb).toHaveLength(1);
      expect(pdb[0].spec).toMatchObject({ minAvailable: 1 });

      const hpas = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler');
      const hpa = hpas.filter((h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name);
      expect(hpa).toHaveLength(1);
      expect(hpa[0].apiVersion).toBe('autoscaling/v2');
      const h = hpa[0].spec as { scaleTargetRef: Obj; minReplicas: number; maxReplicas: number; metrics: Obj[] };
      expect(h.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(h.minReplicas).toBeGreaterThanOrEqual(2);
      expect(h.maxReplicas).toBeGreaterThan(h.minReplicas);
      // consumers beyond the partitions would sit idle
      expect(h.maxReplicas).toBeLessThanOrEqual(Number(config().KAFKA_TOPIC_PARTITIONS));
      expect(h.metrics).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
      });
    });
  });

  describe('Kafka topics (Strimzi)', () => {
    const topics = () => manifests.filter((m) => m.kind === 'KafkaTopic');
    const spec = (m: Manifest) => m.spec as { topicName?: string; partitions: number; replicas: number; config: Record<string, unknown> };
    const topicName = (m: Manifest) => spec(m).topicName ?? m.metadata.name;

    it('declare every topic a service publishes or consumes, and a .dlq twin of each consumed one', () => {
      const consumed = consumedTopics();
      const expected = [...Object.values(Topics), ...[...consumed].map(deadLetterTopic)].sort();
      expect(topics().map(topicName).sort()).toEqual(expected);
      for (const t of topics()) expect(t.apiVersion).toBe('kafka.strimzi.io/v1beta2');
    });

    it('have 3 replicas, min.insync.replicas 2 and the partitions the services would create', () => {
      const partitions = new Set(Object.keys(SERVICES).map((name) => find('ConfigMap', name).data?.KAFKA_TOPIC_PARTITIONS));
      expect(partitions.size).toBe(1);
      for (const t of topics()) {
        expect({
          topic: topicName(t),
          replicas: spec(t).replicas,
          minIsr: Number(spec(t).config['min.insync.replicas']),
          partitions: spec(t).partitions,
        }).toEqual({
          topic: topicName(t),
          replicas: 3,
          minIsr: 2,
          partitions: Number([...partitions][0]),
        });
      }
    });

    it('keep the event topics for ever (read models are built from offset 0) and belong to the cluster the services use', () => {
      for (const t of topics()) {
        if (!topicName(t).endsWith('.dlq'))
          expect({ topic: topicName(t), retention: Number(spec(t).config['retention.ms']) }).toEqual({
            topic: topicName(t),
            retention: -1,
          });
      }
      const clusters = new Set(topics().map((t) => t.metadata.labels?.['strimzi.io/cluster']));
      expect(clusters.size).toBe(1);
      const [cluster] = [...clusters];
      expect(cluster).toEqual(expect.any(String));
      for (const name of Object.keys(SERVICES)) {
        expect(find('ConfigMap', name).data?.KAFKA_BROKERS).toBe(`${cluster}-kafka-bootstrap:9092`);
        expect(find('ConfigMap', name).data?.KAFKA_TOPIC_PREFIX ?? '').toBe('');
      }
    });
  });

  describe('documents (MinIO)', () => {
    type Container = Omit<DeploymentSpec['template']['spec']['containers'][number], 'env'> & {
      env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    };

    it('run MinIO as a StatefulSet with a volume claim, three probes and a Service', () => {
      const minio = find('StatefulSet', 'minio');
      const spec = minio.spec as unknown as DeploymentSpec & { volumeClaimTemplates: unknown[] };
      expect(spec.volumeClaimTemplates).toHaveLength(1);
      const [c] = spec.template.spec.containers;
      expect({ startup: !!c.startupProbe?.httpGet, ready: !!c.readinessProbe?.httpGet, live: !!c.livenessProbe?.httpGet }).toEqual({
        startup: true,
        ready: true,
        live: true,
      });
      expect(find('Service', 'minio')).toBeDefined();
    });

    it.each(['contract', 'referral'])('give %s the store in its ConfigMap and its keys from the yiyang-s3 Secret', (name) => {
      expect(find('ConfigMap', name).data).toMatchObject({ S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
      const [c] = deploymentSpec(name).template.spec.containers as unknown as Container[];
      const secrets = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.valueFrom?.secretKeyRef?.name]));
      expect(secrets).toMatchObject({ S3_ACCESS_KEY_ID: 'yiyang-s3', S3_SECRET_ACCESS_KEY: 'yiyang-s3' });
    });
  });

  describe('the web console (console.yaml)', () => {
    /** The service behind /api/<name>/: its Deployment, Service and ConfigMap share this name. */
    const serviceOf = (api: string) => (api === 'registry' ? 'institution-registry' : api);
    const config = () => find('ConfigMap', 'console').data ?? {};
    const spec = () => deploymentSpec('console');
    const container = () => {
      const containers = spec().template.spec.containers;
      expect(containers).toHaveLength(1);
      return containers[0];
    };
    const consolePort = () => Number(config().CONSOLE_PORT);
    const service = (name: string) => find('Service', name).spec as unknown as ServiceSpec;
    const ingresses = () => manifests.filter((m) => m.kind === 'Ingress');

    /** The final stage of Dockerfile.console: its instructions, continuation lines joined. */
    function runtimeStage(): string[] {
      const text = readFileSync(resolve(root, 'Dockerfile.console'), 'utf8').replace(/\\\n/g, ' ');
      const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
      expect(from.length).toBeGreaterThanOrEqual(2);
      return lines.slice(from.at(-1));
    }

    it('is in the kustomization, its ConfigMap used by its container, which listens on CONSOLE_PORT on every address', () => {
      expect(files).toContain('console.yaml');
      expect(config().CONSOLE_HOST).toBe('0.0.0.0');
      expect(container().envFrom).toContainEqual({ configMapRef: { name: 'console' } });
      expect(container().ports?.map((p) => p.containerPort)).toEqual([consolePort()]);
      expect(container().image).toMatch(/^yiyang-connect\/console:/);
    });

    it('sends /api/<name>/ to the Service of each service, on a port that Service has, reaching the service’s port', () => {
      const data = config();
      // what the console server itself makes of the ConfigMap (it refuses a malformed URL)
      const { apis } = consoleOptionsFromEnv(data);
      expect(Object.keys(apis).sort()).toEqual(CONSOLE_APIS.map((a) => a.name).sort());
      for (const api of CONSOLE_APIS) {
        // set explicitly: the default (127.0.0.1) would be the console's own pod
        expect({ variable: api.urlVariable, set: typeof data[api.urlVariable] }).toEqual({ variable: api.urlVariable, set: 'string' });
        const url = new URL(apis[api.name]);
        const name = serviceOf(api.name);
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        expect({ api: api.name, host: url.hostname, protocol: url.protocol }).toEqual({ api: api.name, host: name, protocol: 'http:' });
        const target = service(name);
        const servicePort = target.ports.find((p) => p.port === port);
        expect({ api: api.name, port, found: !!servicePort }).toEqual({ api: api.name, port, found: true });
        expect({ api: api.name, targetPort: servicePort!.targetPort }).toEqual({ api: api.name, targetPort: SERVICES[name].port });
        expect(deploymentSpec(name).template.metadata.labels).toMatchObject(target.selector);
      }
    });

    it('tells the browser the issuer the services verify tokens against', () => {
      const issuers = new Set(Object.keys(SERVICES).map((name) => find('ConfigMap', name).data?.OIDC_ISSUER));
      expect(issuers.size).toBe(1);
      expect(config().OIDC_ISSUER).toBe([...issuers][0]);
      expect(consoleOptionsFromEnv(config()).client.oidc.authority).toBe([...issuers][0]);
    });

    it('probes the console server’s health path (200, not the page), with time to start and without restarting a slow replica', async () => {
      const c = container();
      const probes = [c.startupProbe!, c.readinessProbe!, c.livenessProbe!];
      for (const probe of probes) expect(probe.httpGet?.port).toBe(consolePort());
      const budget = (p: Probe) => (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3);
      expect(budget(c.startupProbe!)).toBeGreaterThanOrEqual(20);
      expect(budget(c.livenessProbe!)).toBeGreaterThanOrEqual(20);
      expect(c.livenessProbe!.timeoutSeconds ?? 1).toBeGreaterThanOrEqual(2);

      // the real server, with the ConfigMap's settings (on a free port, over a built-looking folder)
      const assets = mkdtempSync(join(tmpdir(), 'console-probe-'));
      writeFileSync(join(assets, 'index.html'), '<!doctype html><div id="root"></div>');
      const running = await startConsoleServer({ ...consoleOptionsFromEnv(config()), host: '127.0.0.1', port: 0, assetsDir: assets });
      try {
        for (const path of new Set(probes.map((p) => p.httpGet!.path))) {
          const res = await fetch(`${running.url}${path}`);
          // the health answer itself, not index.html (which any client route gets, with 200 too)
          expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
            path,
            status: 200,
            type: 'application/json',
          });
          expect(await res.json()).toMatchObject({ status: 'ok', built: true });
        }
      } finally {
        await running.close();
        rmSync(assets, { recursive: true, force: true });
      }
    });

    it('runs as a non-root user without privileges: the image’s node user, by number', () => {
      const pod = spec().template.spec.securityContext;
      expect(pod?.runAsNonRoot).toBe(true);
      // node:*-bookworm-slim's node user; a numeric id lets the kubelet verify runAsNonRoot
      expect(pod?.runAsUser).toBe(1000);
      expect(container().securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      const stage = runtimeStage();
      expect(stage[0]).toMatch(/^FROM node:\d+-bookworm-slim\b/);
      expect(stage.filter((l) => /^USER\s/i.test(l)).at(-1)).toMatch(/^USER\s+node\s*$/);
      expect(stage.join('\n')).toMatch(/\bCONSOLE_HOST=0\.0\.0\.0\b/);
      expect(stage.filter((l) => /^EXPOSE\s/i.test(l)).map((l) => Number(l.split(/\s+/)[1]))).toEqual([consolePort()]);
      // node, the server as plain JavaScript and the built console: no node_modules, no TypeScript at run time
      expect(stage.join('\n')).not.toMatch(/node_modules|tsx/);
      expect(stage.filter((l) => /^CMD\s/i.test(l)).at(-1)).toMatch(/"node".*"server\/main\.js"/);
    });

    it('is sized with the V8 heap capped below the limit, terminates gracefully and spreads over nodes and zones', () => {
      const { requests, limits } = container().resources!;
      const limit = mebibytes(limits!.memory);
      const heap = /--max-old-space-size=(\d+)/.exec(config().NODE_OPTIONS ?? '');
      expect(heap).not.toBeNull();
      expect(Number(heap![1])).toBeLessThanOrEqual(0.75 * limit);
      expect(mebibytes(requests!.memory)).toBeLessThanOrEqual(limit);

      const preStop = container().lifecycle?.preStop;
      const pause = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.[1] ?? 0);
      expect(pause).toBeGreaterThan(0);
      expect(spec().template.spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(pause);
      const spread = spec().template.spec.topologySpreadConstraints ?? [];
      expect(spread.map((s) => s.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const s of spread) expect(s.labelSelector.matchLabels).toEqual(spec().selector.matchLabels);
      expect(spec().template.metadata.labels).toMatchObject(service('console').selector);
      expect(service('console').ports.map((p) => p.targetPort)).toEqual([consolePort()]);
    });

    it('has a PodDisruptionBudget keeping one replica and an autoscaler of 2 or more on CPU', () => {
      expect(spec().replicas ?? 2).toBeGreaterThanOrEqual(2);
      const pdb = manifests.filter(
        (m) =>
          m.kind === 'PodDisruptionBudget' &&
          m.apiVersion === 'policy/v1' &&
          JSON.stringify((m.spec as { selector: unknown }).selector) === JSON.stringify(spec().selector),
      );
      expect(pdb).toHaveLength(1);
      expect(pdb[0].spec).toMatchObject({ minAvailable: 1 });
      const hpa = manifests.filter(
        (m) => m.kind === 'HorizontalPodAutoscaler' && (m.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === 'console',
      );
      expect(hpa).toHaveLength(1);
      expect(hpa[0].apiVersion).toBe('autoscaling/v2');
      const h = hpa[0].spec as { scaleTargetRef: Obj; minReplicas: number; maxReplicas: number; metrics: Obj[] };
      expect(h.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'console' });
      expect(h.minReplicas).toBeGreaterThanOrEqual(2);
      expect(h.maxReplicas).toBeGreaterThan(h.minReplicas);
      expect(h.metrics).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
      });
    });

    describe('the Ingress', () => {
      type IngressSpec = {
        ingressClassName?: string;
        tls?: { hosts: string[]; secretName: string }[];
        rules: {
          host: string;
          http: {
            paths: { path: string; pathType: string; backend: { service: { name: string; port: { number?: number; name?: string } } } }[];
          };
        }[];
      };
      const ingress = () => find('Ingress', 'console');
      const ingressSpec = () => ingress().spec as unknown as IngressSpec;
      const annotations = () => (ingress().metadata as { annotations?: Record<string, string> }).annotations ?? {};

      it('sends every path of the console host to the console Service, on the port that reaches the server', () => {
        expect(ingress().apiVersion).toBe('networking.k8s.io/v1');
        expect(ingressSpec().ingressClassName).toBe('nginx');
        const { rules } = ingressSpec();
        expect(rules).toHaveLength(1);
        expect(rules[0].host).toMatch(/^[a-z0-9.-]+$/);
        expect(rules[0].http.paths).toHaveLength(1);
        const [{ path, pathType, backend }] = rules[0].http.paths;
        // / as a prefix: the console, /config.json and /api/<service>/… alike (the console server is the gateway)
        expect({ path, pathType }).toEqual({ path: '/', pathType: 'Prefix' });
        expect(backend.service.name).toBe('console');
        const port = service('console').ports.find((p) => p.port === backend.service.port.number);
        expect(port?.targetPort).toBe(consolePort());
      });

      it('is the only way in: no Ingress sends anything to a service directly', () => {
        const backends = ingresses().flatMap((m) =>
          (m.spec as unknown as IngressSpec).rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name)),
        );
        for (const name of Object.keys(SERVICES)) expect(backends).not.toContain(name);
      });

      it('ends TLS for the console host with a certificate secret', () => {
        const { tls, rules } = ingressSpec();
        expect(tls).toHaveLength(1);
        expect(tls![0].hosts).toEqual([rules[0].host]);
        expect(tls![0].secretName).toMatch(/^[a-z0-9-]+$/);
      });

      it('lets live streams through (ingress-nginx: no buffering, an hour to read) and takes a whole document', () => {
        const a = annotations();
        expect(a['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
        // the notification stream writes a comment every 15 s; the read timeout is what an idle stream may last
        expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
        expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
        // ingress-nginx refuses bodies over 1 MiB by default; documents go up through /api/contract and /api/referral
        const body = /^(\d+)([km])$/i.exec(a['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '');
        expect(body).not.toBeNull();
        const bytes = Number(body![1]) * (body![2].toLowerCase() === 'm' ? 2 ** 20 : 2 ** 10);
        expect(bytes).toBeGreaterThan(MAX_DOCUMENT_BYTES);
      });
    });
  });
});
