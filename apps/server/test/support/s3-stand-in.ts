import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3-compatible stand-in on port 0: PUT, GET and HEAD of objects in
 * path style (`/<bucket>/<key>`), each request required to carry an AWS
 * Signature V4 `Authorization` header. Enough for the S3 flavour of the
 * attachment store, with no binary to download.
 */
export interface S3StandIn {
  endpoint: string;
  objects: Map<string, { body: Buffer; contentType: string }>;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

export async function startS3StandIn(bucket: string): Promise<S3StandIn> {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: Array<{ method: string; path: string }> = [];
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://s3');
    requests.push({ method: req.method ?? '', path: url.pathname });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) return xmlError(res, 403, 'AccessDenied');
    const [, first, ...rest] = url.pathname.split('/');
    if (first !== bucket) return xmlError(res, 404, 'NoSuchBucket');
    const key = decodeURIComponent(rest.join('/'));
    if (req.method === 'PUT') {
      objects.set(key, { body: Buffer.concat(chunks), contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
      res.writeHead(200, { ETag: '"stand-in"' }).end();
      return;
    }
    const object = objects.get(key);
    if (req.method === 'HEAD') {
      if (!object) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Length': object.body.length, 'Content-Type': object.contentType }).end();
      return;
    }
    if (req.method === 'GET') {
      if (!object) return xmlError(res, 404, 'NoSuchKey');
      res.writeHead(200, { 'Content-Length': object.body.length, 'Content-Type': object.contentType }).end(object.body);
      return;
    }
    xmlError(res, 405, 'MethodNotAllowed');
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function xmlError(res: ServerResponse, status: number, code: string) {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) }).end(body);
}
