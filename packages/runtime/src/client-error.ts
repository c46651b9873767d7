import type { Socket } from 'node:net';

/** `code` Node's HTTP parser gives a request head over its limit (16 KiB by default). */
const HEAD_TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW', 'HPE_URI_OVERFLOW']);

function answer(status: number, reason: string, error: string, message: string): string {
  const body = JSON.stringify({ error, message });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'x-content-type-options: nosniff',
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The server's `clientError` listener: a request Node's parser refused never reaches a handler, and
 * Node's own answer is a bare status line (431, 400) with no body. Every other error of the platform
 * is JSON with a code, so this one is too. The connection is closed after the answer, as Node does:
 * the parser cannot find where the next request starts.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset or a timed-out connection has nobody listening: close it without writing.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const response =
    error.code && HEAD_TOO_LARGE.has(error.code)
      ? answer(
          431,
          'Request Header Fields Too Large',
          'request_header_fields_too_large',
          'The request line and headers together exceed 16 KiB.',
        )
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? answer(408, 'Request Timeout', 'request_timeout', 'The request head took too long to arrive.')
        : answer(400, 'Bad Request', 'bad_request', 'The request could not be parsed as HTTP/1.1.');
  socket.end(response);
}
