/**
 * A minimal server-sent-events reader over fetch for the API tests (Node 20 has no EventSource):
 * collects `{event, data}` messages and lets a test wait for one that matches.
 */
export interface SseMessage {
  event: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  /** Resolves with the first message (already received or still to come) that matches. */
  next(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

function parseBlock(block: string): SseMessage | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (data.length === 0) return null;
  const text = data.join("\n");
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}

export async function openSse(url: string): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: { Accept: "text/event-stream" } });
  const messages: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  const pump = async (): Promise<void> => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = parseBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (message) messages.push(message);
        for (const wake of waiters.splice(0)) wake();
      }
    }
  };
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) pump().catch(() => {});
  return {
    status: response.status,
    headers: response.headers,
    messages,
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching SSE message in ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-5))}`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
      }
    },
    close() {
      abort.abort();
    },
  };
}
