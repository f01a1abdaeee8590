import { randomBytes } from 'node:crypto';

/** Prefixed ids (`conv_…`, `agt_…`): time-ordered, so they sort by creation. */
export type IdPrefix = 'ws' | 'agt' | 'ch' | 'ct' | 'conv' | 'msg' | 'kw' | 'kb' | 'scr' | 'out' | 'key' | 'uq' | 'sim' | 'tpl' | 'med' | 'tag' | 'cnd' | 'whk' | 'whd';

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

export const randomIds: IdGenerator = {
  next(prefix) {
    const bytes = randomBytes(10);
    let rand = '';
    for (const b of bytes) rand += ALPHABET[b % 32];
    return `${prefix}_${encodeTime(Date.now())}${rand}`;
  },
};
