import type { WebSocket } from 'ws';
import type { Deps } from '../platform/deps.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { frameOf, Member } from '../streams/member.ts';
import { isRevoked, SESSION_REVOKED, type Revocation } from '../security/revoke.ts';
import { withSignedFiles } from '../attachments/message-files.ts';
import { sendFrame } from '../platform/corked-send.ts';

/** Supervisors and admins see their whole workspace; an agent sees what is not addressed to someone else. */
export function maySee(p: Principal, e: StreamEvent): boolean {
  if (e.workspaceId !== p.workspaceId) return false;
  if (canSupervise(p) || !e.agentIds) return true;
  return p.agentId !== null && e.agentIds.includes(p.agentId);
}

/**
 * An event's frame as every agent socket gets it, encoded once: the same
 * bytes go to each socket that may see it (what it may see is decided per
 * socket; what it is sent is not). Keyed by the event object, so a replayed
 * event (read again from stream_events) is encoded again, once.
 */
export class AgentFrames {
  private readonly frames = new WeakMap<StreamEvent, Buffer>();

  constructor(private readonly deps: Pick<Deps, 'attachments' | 'clock'>) {}

  of(e: StreamEvent): Buffer {
    let frame = this.frames.get(e);
    if (!frame) {
      frame = Buffer.from(frameOf(e.type, withSignedFiles(this.deps, e.type, e.data), e.cursor));
      this.frames.set(e, frame);
    }
    return frame;
  }
}

/** One agent, supervisor or admin socket in its workspace's room. */
export class AgentMember extends Member {
  constructor(
    private readonly principal: Principal,
    private readonly socket: Pick<WebSocket, 'readyState' | 'OPEN' | 'send' | 'close'>,
    private readonly frames: AgentFrames,
  ) {
    super();
  }

  greet(cursor: number, reset: boolean): void {
    const p = this.principal;
    this.send(frameOf('hello', { workspaceId: p.workspaceId, role: p.role, agentId: p.agentId, cursor, ...(reset ? { reset: true } : {}) }, undefined));
  }

  protected deliver(e: StreamEvent): void {
    // A revoked session's socket closes with the same code as a bad token: the console goes to its login page.
    if (e.type === SESSION_REVOKED) {
      if (isRevoked(this.principal, e.data as unknown as Revocation)) this.socket.close(4401, 'session revoked');
      return;
    }
    if (maySee(this.principal, e)) this.send(this.frames.of(e));
  }

  private send(frame: string | Buffer) {
    // A Buffer goes out as a text frame all the same (binary: false): ws writes it as is, with no copy per socket.
    sendFrame(this.socket, frame, { binary: false });
  }
}
