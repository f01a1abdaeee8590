/** Ports: the only ways the core learns the time or makes ids. Fakes in tests. */
export interface Clock {
  now(): number;
}

export class FakeClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
