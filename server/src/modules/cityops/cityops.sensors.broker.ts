/**
 * The embedded MQTT broker (Aedes), started when no broker is configured (YIWANG_MQTT_URL), so
 * the demo and the tests work on a fresh machine. It listens on the loopback interface only.
 * Its persistence (subscriptions, QoS 1 messages queued for offline persistent sessions) is in
 * memory and is kept across a stop and start of the broker within the process, the way a
 * broker with persistence keeps it across a restart; it does not survive the process.
 */
import { Aedes } from 'aedes';
import net from 'node:net';

export class EmbeddedBroker {
  private broker: Aedes | null = null;
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  private persistence: unknown = undefined;
  private boundPort: number;
  private readonly host: string;

  constructor(port: number, host = '127.0.0.1') {
    this.boundPort = port;
    this.host = host;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `mqtt://${this.host}:${this.boundPort}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Listen (again on the same port after a stop, with the same sessions and queued messages). */
  async start(): Promise<void> {
    if (this.server) return;
    const broker = await Aedes.createBroker(
      this.persistence === undefined
        ? { drainTimeout: 30_000 }
        : { drainTimeout: 30_000, persistence: this.persistence },
    );
    this.persistence ??= (broker as unknown as { persistence: unknown }).persistence;
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    this.broker = broker;
    this.server = server;
  }

  /** Stop listening and drop every connection (clients see the broker go away). */
  async stop(): Promise<void> {
    const { server, broker } = this;
    if (!server || !broker) return;
    this.server = null;
    this.broker = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }
}
