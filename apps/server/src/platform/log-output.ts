import type { Writable } from 'node:stream';
import PinoPretty from 'pino-pretty';
import { pino, type Logger } from 'pino';

export interface LogOutputOptions {
  /** Default: whether stdout is a terminal. */
  tty?: boolean;
  /** `json` or `pretty` (the LOG_FORMAT variable); default: pretty on a terminal, JSON otherwise. */
  format?: string;
  /** Default stdout. */
  destination?: Writable;
}

/**
 * The server's logger: one JSON object a line for machines (files, log
 * shippers, containers), readable lines when a person watches a terminal.
 * Pretty output is written synchronously in this process (no worker thread),
 * which is fine at a terminal's rate of lines.
 */
export function createLogger(level: string, options: LogOutputOptions = {}): Logger {
  const tty = options.tty ?? Boolean(process.stdout.isTTY);
  const format = options.format ?? process.env.LOG_FORMAT;
  const pretty = format === 'pretty' || (format !== 'json' && tty);
  if (!pretty) return options.destination ? pino({ level }, options.destination) : pino({ level });
  const stream = PinoPretty({
    sync: true,
    colorize: tty && !options.destination,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
    ...(options.destination && { destination: options.destination }),
  });
  return pino({ level }, stream);
}
