import { request } from 'node:http';
import { connect } from 'node:net';

export interface EarlyAnswer {
  status: number;
  ms: number;
  /** Body bytes written before the answer came. */
  sentBytes: number;
}

/**
 * POSTs up to `totalBytes` as fast as the server takes them (chunked: no Content-Length to trust)
 * and resolves on the first answer, whether or not the upload is finished.
 */
export function streamPost(url: string, totalBytes: number, chunkBytes = 64 * 1024): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(chunkBytes, 0x61);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('response', (res) => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, sentBytes: sent });
      res.resume();
      req.destroy();
    });
    // The server may close the connection right after refusing: only an error with no answer counts.
    req.on('error', (e) => {
      if (!answered) setTimeout(() => answered || reject(e), 500);
    });
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Sends only a request head (e.g. a huge Content-Length and no body) and reads the status line. */
export function headOnly(port: number, head: string): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      const m = got.match(/^HTTP\/1\.[01] (\d{3})/);
      if (m) {
        resolve({ status: Number(m[1]), ms: performance.now() - started });
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () =>
      reject(new Error(`closed without an answer: ${JSON.stringify(got.slice(0, 80))}`)),
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}
