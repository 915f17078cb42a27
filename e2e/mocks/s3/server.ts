// A local S3-compatible object store for tests: path-style PUT/GET/HEAD of objects in one bucket,
// each request's SigV4 signature checked as S3 checks it (a wrong key or region gets S3's 403),
// S3's XML errors (NoSuchKey, NoSuchBucket, SignatureDoesNotMatch), and failures on demand.
import type http from "node:http";
import { AwsV4Signer } from "aws4fetch";
import { startLocalServer } from "../search/http-server";

export interface FakeS3 {
  url: string;
  bucket: string;
  /** S3_* settings that point Loupe at this store. */
  env: Record<string, string>;
  objects: Map<string, { data: Buffer; contentType: string }>;
  requests: { method: string; path: string }[];
  /** The next `count` requests get this status and S3 error code. */
  failNext(status: number, code: string, count?: number): void;
  close(): Promise<void>;
}

const REGION = "eu-central-1";
const ACCESS_KEY_ID = "LOUPETESTACCESSKEY";
const SECRET_ACCESS_KEY = "loupe-test-secret-access-key-0123456789";

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

async function signatureMatches(req: http.IncomingMessage): Promise<boolean> {
  const auth = req.headers.authorization ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=[0-9a-f]{64}$/.exec(
      auth,
    );
  if (!m || m[1] !== ACCESS_KEY_ID || m[2] !== REGION) return false;
  const headers: Record<string, string> = {};
  for (const name of m[3]!.split(";")) {
    if (name !== "host") headers[name] = String(req.headers[name] ?? "");
  }
  const expected = await new AwsV4Signer({
    method: req.method,
    url: `http://${req.headers.host}${req.url}`,
    headers,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    service: "s3",
    region: REGION,
    datetime: String(req.headers["x-amz-date"] ?? ""),
  }).sign();
  return expected.headers.get("authorization") === auth;
}

export async function startFakeS3(options: { bucket?: string } = {}): Promise<FakeS3> {
  const bucket = options.bucket ?? "loupe-test";
  const objects = new Map<string, { data: Buffer; contentType: string }>();
  const requests: { method: string; path: string }[] = [];
  let failures: { status: number; code: string; left: number } | undefined;
  const server = await startLocalServer(async (req, res, _text, raw) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push({ method: req.method ?? "", path });
    const send = (status: number, body = "", type = "application/xml") => {
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (failures && failures.left > 0) {
      failures.left--;
      return send(failures.status, errorXml(failures.code, "Failing on demand."));
    }
    if (!(await signatureMatches(req))) {
      return send(403, errorXml("SignatureDoesNotMatch", "The request signature we calculated does not match."));
    }
    const [, name, ...rest] = path.split("/");
    if (name !== bucket) return send(404, errorXml("NoSuchBucket", "The specified bucket does not exist."));
    const key = rest.join("/");
    if (!key) return req.method === "HEAD" ? send(200) : send(405, errorXml("MethodNotAllowed", "Not here."));
    if (req.method === "PUT") {
      objects.set(key, { data: raw, contentType: req.headers["content-type"] ?? "" });
      return send(200);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, errorXml("MethodNotAllowed", "Not supported."));
    const object = objects.get(key);
    if (!object) return send(404, errorXml("NoSuchKey", "The specified key does not exist."));
    res.writeHead(200, { "content-type": object.contentType, "content-length": object.data.byteLength });
    res.end(req.method === "HEAD" ? undefined : object.data);
  });
  const url = server.url;
  return {
    url,
    bucket,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: url,
      S3_REGION: REGION,
      S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    },
    objects,
    requests,
    failNext(status, code, count = 1) {
      failures = { status, code, left: count };
    },
    close: () => server.close(),
  };
}
