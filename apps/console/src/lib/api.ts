import type { Contact, ContactPatch, Page } from './types.ts';

/**
 * The console's one HTTP client: JSON in and out, bearer token, errors as
 * ApiError carrying the server's `{error: {code, message}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`: e.g. a script's validation errors, each naming its step. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Listener = () => void;
let token: string | null = null;
let onUnauthorized: Listener = () => {};

export function setToken(value: string | null) {
  token = value;
}
export function getToken() {
  return token;
}
export function setUnauthorizedHandler(fn: Listener) {
  onUnauthorized = fn;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText, error?.details);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** A feature that another team is still building answers 404: treat it as "not available yet". */
export const isMissing = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 405);

/** The server's sentence for people; the code stays out of sight (it is for programs, docs/errors.md). */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export function query(params: Record<string, string | number | undefined | null>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const contactPath = (id: string) => `/contacts/${encodeURIComponent(id)}`;

/** Contacts (docs/contacts.md): every agent may read; supervisors and admins edit and merge. */
export const contactsApi = {
  list: (params: { q?: string; cursor?: string | null; limit?: number }) => api.get<Page<Contact>>(`/contacts${query(params)}`),
  get: (id: string) => api.get<Contact>(contactPath(id)),
  patch: (id: string, body: ContactPatch) => api.patch<Contact>(contactPath(id), body),
  /** Moves `otherId`'s identities and conversations into `id`; 409 when both have an open conversation on one channel. */
  merge: (id: string, otherId: string) => api.post<Contact>(`${contactPath(id)}/merge`, { contactId: otherId }),
};
