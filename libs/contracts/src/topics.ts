/** Every topic of the platform, in one place. Consumers and producers never spell a topic themselves. */
export const Topics = {
  institution: 'institution.events',
  agreement: 'agreement.events',
  referral: 'referral.events',
  compliance: 'compliance.events',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * The physical topic name: an optional prefix (KAFKA_TOPIC_PREFIX) isolates environments and test runs
 * that share one broker. It is read when called, so set it before modules load.
 */
export function topicName(topic: string, prefix: string = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return `${prefix}${topic}`;
}

export function deadLetterTopic(physicalTopic: string): string {
  return `${physicalTopic}.dlq`;
}
