// Finds where each HTTP/1.1 response ends on a keep-alive connection (Content-Length or chunked), cheaply.

const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'trailers' };

/**
 * Feed it the bytes of one connection; it calls `onResponse(status)` once per complete response.
 * Responses to HEAD, 1xx, 204 and 304 are not expected here: the bench sends GETs only.
 */
export class ResponseFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'head' };
  private status = 0;

  constructor(private readonly onResponse: (status: number) => void) {}

  feed(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.step()) {
      // Each step consumes a head, a body or a chunk; stop when the bytes run out.
    }
  }

  /** One transition; false when more bytes are needed. */
  private step(): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'head': {
        const end = this.buffer.indexOf(HEAD_END);
        if (end === -1) return false;
        const head = this.buffer.toString('latin1', 0, end);
        this.buffer = this.buffer.subarray(end + HEAD_END.length);
        this.status = Number(head.slice(9, 12));
        if (/^transfer-encoding:[ \t]*chunked[ \t]*$/im.test(head)) {
          this.state = { kind: 'chunk-size' };
        } else {
          const length = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(head);
          if (!length)
            throw new Error(
              `response without Content-Length or chunked body (status ${this.status})`,
            );
          this.state = { kind: 'body', remaining: Number(length[1]) };
        }
        return true;
      }
      case 'body': {
        const take = Math.min(state.remaining, this.buffer.length);
        this.buffer = this.buffer.subarray(take);
        if (take < state.remaining) {
          this.state = { kind: 'body', remaining: state.remaining - take };
          return false;
        }
        this.complete();
        return true;
      }
      case 'chunk-size': {
        const end = this.buffer.indexOf(LINE_END);
        if (end === -1) return false;
        const size = parseInt(this.buffer.toString('latin1', 0, end).split(';')[0]!, 16);
        if (Number.isNaN(size)) throw new Error('malformed chunk size');
        this.buffer = this.buffer.subarray(end + LINE_END.length);
        this.state =
          size === 0
            ? { kind: 'trailers' }
            : { kind: 'chunk-data', remaining: size + LINE_END.length };
        return true;
      }
      case 'chunk-data': {
        const take = Math.min(state.remaining, this.buffer.length);
        this.buffer = this.buffer.subarray(take);
        if (take < state.remaining) {
          this.state = { kind: 'chunk-data', remaining: state.remaining - take };
          return false;
        }
        this.state = { kind: 'chunk-size' };
        return true;
      }
      case 'trailers': {
        const end = this.buffer.indexOf(LINE_END);
        if (end === -1) return false;
        this.buffer = this.buffer.subarray(end + LINE_END.length);
        // An empty line ends the trailers, and the response.
        if (end === 0) this.complete();
        return true;
      }
    }
  }

  private complete(): void {
    this.state = { kind: 'head' };
    this.onResponse(this.status);
  }
}
