import pino, { Logger } from 'pino';
import { currentTrace } from '@yiyang/kernel';

export type LogFn = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;

/** Structured JSON logs; every line written inside a request or a consumed event carries its trace id. */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const trace = currentTrace();
        return trace ? { traceId: trace.traceId } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

export function logFn(logger: Logger, component: string): LogFn {
  const child = logger.child({ component });
  return (level, message, extra) => child[level](extra ?? {}, message);
}
