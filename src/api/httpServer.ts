/**
 * The node:http server around the Koa callback (main.ts listens on it; the API tests use it too).
 * Node's parser answers requests it cannot read (a URL or headers over its 16 KB limit, broken
 * syntax) itself with an empty body before Koa sees them; this answers them as {detail} as well.
 */
import http from "node:http";
import type { Socket } from "node:net";

function clientErrorResponse(status: number, detail: string): string {
  const body = JSON.stringify({ detail });
  return [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node's own handler: answer only on a socket nothing was written to yet (otherwise a response
  // is under way or done and nothing clean can be added), and never to a client that hung up.
  if (error.code === "ECONNRESET" || !socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const response = error.code === "HPE_HEADER_OVERFLOW"
    ? clientErrorResponse(431, `The request's URL or headers are too long (the limit is ${http.maxHeaderSize} bytes in all)`)
    : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? clientErrorResponse(408, "The request took too long to arrive")
      : clientErrorResponse(400, "Malformed HTTP request");
  socket.end(response);
}

export function createHttpServer(callback: http.RequestListener): http.Server {
  const server = http.createServer(callback);
  server.on("clientError", answerClientError);
  return server;
}
