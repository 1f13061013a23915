/**
 * Reading a Server-Sent Events stream (`GET /v1/stream`) in tests and in the bench. No imports: the
 * scripts under test/ import this file directly.
 */

/** One event as the stream wrote it: its `id:` and `data:` lines, each absent when the block had none. */
export interface SseEvent {
  id?: string;
  data?: string;
}

/**
 * The events of a fetch Response's body as they arrive (blocks separated by a blank line). It ends with
 * the body, and throws when the request is aborted.
 */
export async function* sseEvents(body: unknown): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      yield { id: /^id: (.*)$/m.exec(block)?.[1], data: /^data: (.*)$/m.exec(block)?.[1] };
    }
  }
}
