import { useCallback, useState } from 'react';
import { ApiError, getToken } from '../../lib/api.ts';

export interface ReplyFile {
  key: string;
  name: string;
  state: 'uploading' | 'ready' | 'failed';
  attachmentId?: string;
  type?: string;
  /** The server's signed URL of the upload: the chip's thumbnail. */
  url?: string;
  error?: string;
}

/** The raw file as the body, its type as Content-Type: POST /attachments (docs/attachments.md). */
async function uploadFile(file: File): Promise<{ attachmentId: string; type: string; url: string; name: string }> {
  const headers: Record<string, string> = { 'content-type': file.type || 'application/octet-stream' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`/api/v1/attachments?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file });
  const data = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? `HTTP_${res.status}`, data?.error?.message ?? res.statusText);
  return data as unknown as { attachmentId: string; type: string; url: string; name: string };
}

/** Files an agent attaches to the next reply: each uploaded at once, sent by id with the reply. */
export function useReplyFiles() {
  const [files, setFiles] = useState<ReplyFile[]>([]);
  const patch = (key: string, change: Partial<ReplyFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const add = useCallback((chosen: File[]) => {
    for (const file of chosen) {
      const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      setFiles((list) => [...list, { key, name: file.name || 'image.png', state: 'uploading' }]);
      uploadFile(file).then(
        (r) => patch(key, { state: 'ready', attachmentId: r.attachmentId, type: r.type, url: r.url, name: r.name }),
        (e: unknown) => patch(key, { state: 'failed', error: e instanceof Error ? e.message : String(e) }),
      );
    }
  }, []);

  const ready = files.filter((f) => f.state === 'ready');
  return {
    files,
    add,
    remove: (key: string) => setFiles((list) => list.filter((f) => f.key !== key)),
    clear: () => setFiles([]),
    uploading: files.some((f) => f.state === 'uploading'),
    hasReady: ready.length > 0,
    /** What the reply's body carries: `attachments` only when there are files. */
    body: () => (ready.length ? { attachments: ready.map((f) => ({ attachmentId: f.attachmentId! })) } : {}),
  };
}

export type ReplyFiles = ReturnType<typeof useReplyFiles>;
