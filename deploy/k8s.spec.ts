import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { Topics, deadLetterTopic } from '@yiyang/contracts';

/**
 * The Kubernetes manifests keep the platform's promises (kubectl is not needed: the structure is checked
 * here): every manifest of the kustomization parses; each service's Deployment has startup, readiness and
 * liveness probes on the right paths and port, requests and limits, a PodDisruptionBudget and a
 * HorizontalPodAutoscaler that match it; every topic a service uses is declared for Strimzi with 3 replicas
 * and min.insync.replicas 2; no manifest accepts development tokens; every service names its OIDC issuer.
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
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      terminationGracePeriodSeconds?: number;
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
});
