/**
 * One dedicated connection LISTENing on the jobs channel (a pooled connection cannot: LISTEN
 * belongs to a session). When the connection drops it is re-opened after a second; notices sent
 * meanwhile are lost, which the queue's idle poll and the live views' own reads cover.
 */
import pg from "pg";
import { PG_JOB_CHANNEL, parsePgJobNotice, type PgJobNotice } from "../../sql/postgres/pgJobNotifications.ts";

const RECONNECT_DELAY_MS = 1000;

export class PgJobListener {
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private handler: (notice: PgJobNotice) => void = () => {};

  private constructor(private readonly databaseUrl: string, private readonly log: (message: string) => void) {}

  static async start(databaseUrl: string, log: (message: string) => void): Promise<PgJobListener> {
    const listener = new PgJobListener(databaseUrl, log);
    await listener.connect();
    return listener;
  }

  onNotice(handler: (notice: PgJobNotice) => void): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on("notification", (message) => {
      const notice = message.channel === PG_JOB_CHANNEL ? parsePgJobNotice(message.payload) : null;
      if (notice) this.handler(notice);
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    await client.connect();
    await client.query(`LISTEN ${PG_JOB_CHANNEL}`);
    if (this.closed) await client.end().catch(() => {});
    else this.client = client;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.log(`job notifications lost (${error.message}); reconnecting`);
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.log(`job notifications: reconnect failed (${error instanceof Error ? error.message : String(error)})`);
        if (!this.closed) this.scheduleReconnect();
      });
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
