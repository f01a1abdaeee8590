import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/log-output.ts';
import { demoLoginBanner } from '../src/seed/demo.ts';

const LOGINS = ['admin@demo.switchboard.local', 'supervisor@demo.switchboard.local', 'mei@demo.switchboard.local', 'ken@demo.switchboard.local'];

function capture() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out, text: () => text };
}

describe('npm start output (#10)', () => {
  it('on a terminal: readable lines, one per demo login, with where to go', () => {
    const { out, text } = capture();
    createLogger('info', { tty: true, destination: out }).info(demoLoginBanner('http://0.0.0.0:3000'));
    const lines = text().split('\n');
    expect(lines[0]).toMatch(/INFO.*open http:\/\/localhost:3000\/ .*password "switchboard"/);
    expect(lines[0].trimStart().startsWith('{')).toBe(false);
    for (const login of LOGINS) expect(lines.filter((l) => l.includes(login))).toHaveLength(1);
    expect(lines.find((l) => l.includes('mei@'))).toMatch(/agent\s+Mei Lin/);
  });

  it('piped or LOG_FORMAT=json: one JSON object a line', () => {
    const { out, text } = capture();
    createLogger('info', { tty: false, destination: out }).info(demoLoginBanner('http://0.0.0.0:3000'));
    const records = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(records).toHaveLength(1);
    for (const login of LOGINS) expect(records[0].msg).toContain(login);
    const forced = capture();
    createLogger('info', { tty: true, format: 'json', destination: forced.out }).info('x');
    expect(JSON.parse(forced.text()).msg).toBe('x');
  });
});
