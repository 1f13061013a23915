import { deadLetterTopic } from '@yiyang/contracts';
import { KafkaGateway } from './kafka-gateway';

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, unknown>;
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return headerText(value[0]);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Sends a message that can never be applied to `<topic>.dlq`, unchanged, with why and where it came from. */
export class DeadLetterPublisher {
  constructor(
    private readonly kafka: KafkaGateway,
    private readonly consumer: string,
  ) {}

  async send(message: IncomingMessage, reason: string): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      const text = headerText(v);
      if (text !== undefined) headers[k] = text;
    }
    Object.assign(headers, {
      'x-dlq-reason': reason.slice(0, 4000),
      'x-dlq-consumer': this.consumer,
      'x-dlq-original-topic': message.topic,
      'x-dlq-original-partition': String(message.partition),
      'x-dlq-original-offset': message.offset,
      'x-dlq-at': new Date().toISOString(),
    });
    const key = message.key === null ? 'null-key' : Buffer.isBuffer(message.key) ? message.key.toString('utf8') : message.key;
    await this.kafka.publish([{ topic: deadLetterTopic(message.topic), key, value: message.value ?? '', headers }]);
  }
}
