import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Topic, Transport } from './transport.ts';
import { redisPair } from '../platform/redis-pair.ts';

const TOPICS: Topic[] = ['events', 'invalidate'];

/**
 * Redis pub/sub between the processes of one deployment. Two connections (a
 * subscribed connection cannot publish); what is published in one turn of the
 * event loop leaves in one write (auto-pipelining: a CPU profile under load
 * had `writev` as the largest single cost of every process). Publishing while disconnected drops
 * the message at once instead of queueing it: receivers catch up from
 * PostgreSQL on reconnect, and an unbounded queue would only grow memory.
 */
export class RedisTransport implements Transport {
  private readonly origin = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners: Array<(topic: Topic, payload: string) => void> = [];
  private readonly reconnects: Array<() => void> = [];
  private connectedOnce = false;
  private readonly logError: (error: Error) => void;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    ({ pub: this.pub, sub: this.sub, logError: this.logError } = redisPair(url, log, 'Redis'));
    this.sub.on('ready', () => this.onReady());
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onRaw(channel.toString(), message.toString()));
    void this.sub.subscribe(...TOPICS.map((t) => this.channel(t))).catch((error: Error) => this.logError(error));
  }

  publish(topic: Topic, payload: string): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(this.channel(topic), `${this.origin}\n${payload}`).catch((error: Error) => this.logError(error));
  }

  onMessage(fn: (topic: Topic, payload: string) => void): void {
    this.listeners.push(fn);
  }

  onReconnect(fn: () => void): void {
    this.reconnects.push(fn);
  }

  async ready(timeoutMs: number): Promise<void> {
    const both = () => this.pub.status === 'ready' && this.sub.status === 'ready';
    const deadline = Date.now() + timeoutMs;
    while (!both() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!both()) this.log.warn('Redis is not reachable yet: streams cross processes through PostgreSQL polling until it is');
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private channel(topic: Topic) {
    return `${this.prefix}${topic}`;
  }

  private onReady() {
    if (this.connectedOnce) {
      this.log.info('Redis connection is back: catching up from PostgreSQL');
      for (const fn of this.reconnects) fn();
    }
    this.connectedOnce = true;
  }

  private onRaw(channel: string, message: string) {
    const topic = TOPICS.find((t) => this.channel(t) === channel);
    const newline = message.indexOf('\n');
    if (!topic || newline < 0 || message.slice(0, newline) === this.origin) return;
    const payload = message.slice(newline + 1);
    for (const fn of this.listeners) {
      try {
        fn(topic, payload);
      } catch (error) {
        this.log.error({ err: error, topic }, 'a cross-process message could not be handled');
      }
    }
  }
}
