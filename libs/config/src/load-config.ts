import { z, ZodError, ZodTypeAny } from 'zod';

/** Thrown at start-up when a setting is missing or malformed; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads settings from the environment through a zod schema whose keys are the variable names.
 * A bad or missing value fails with a sentence naming it, e.g.
 * "KAFKA_BROKERS is required (comma-separated host:port list)".
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const raw = env[key];
    input[key] = raw === undefined || raw === '' ? undefined : raw;
  }
  try {
    return z.object(shape).parse(input);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new ConfigError(
        err.issues.map((issue) => {
          const name = String(issue.path[0] ?? '?');
          const described = (shape[name] as ZodTypeAny | undefined)?.description;
          const what = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : `is invalid (${issue.message})`;
          return `${name} ${what}${described ? ` — ${described}` : ''}`;
        }),
      );
    }
    throw err;
  }
}

/** Reusable field types for environment variables. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((l) => l.length > 0, 'must list at least one value'),
  string: (fallback?: string) => (fallback === undefined ? z.string().min(1) : z.string().min(1).default(fallback)),
  optionalString: () => z.string().min(1).optional(),
};
