import { KiliSyncError } from '../errors.js';
import type { ClassifiedFailure, FailureContext } from './classified-failure.js';
import { redactSecret } from './redact-secret.js';

/**
 * A request fetch refused to send: a blocked port, a header value it cannot encode (the API
 * key), a URL it does not accept. Nothing reached the server; the message says what to fix.
 */
export function classifyLocalFailure(error: TypeError, context: FailureContext): ClassifiedFailure {
  const message = error.cause instanceof Error ? error.cause.message : error.message;
  const firstLine = message.split('\n', 1)[0] ?? '';
  // The header error quotes the header value, API key included; URL errors quote the URL.
  const text = redactSecret(firstLine, context.apiKey).replace(/\/\/[^/\s@]*@/g, '//');
  const endpoint = stripCredentials(context.endpoint);
  let failure: KiliSyncError;
  if (text === 'bad port') {
    const port = safeUrl(context.endpoint)?.port ?? '';
    failure = new KiliSyncError(
      'endpoint-invalid',
      `cannot connect to ${endpoint}: fetch refuses to connect to port ${port}`,
      {
        hint: 'this port is blocked by the Fetch standard (like 6000 or 10080); serve Kili on another port',
        cause: error,
      },
    );
  } else if (/ByteString|header/i.test(text)) {
    failure = new KiliSyncError(
      'api-key-unsendable',
      'the API key cannot be sent: it contains a character that is not allowed in an HTTP header',
      {
        hint: 'check KILI_API_KEY (or --api-key): a stray character (accent, line break) came with it',
        cause: error,
      },
    );
  } else {
    failure = new KiliSyncError(
      'endpoint-invalid',
      `cannot send a request to ${endpoint}: ${text}`,
      {
        cause: error,
      },
    );
  }
  return { kind: 'fatal', reason: 'refused locally', error: failure };
}

/** The URL without `user:password@`, which must never be printed. */
function stripCredentials(text: string): string {
  const url = safeUrl(text);
  if (!url || (url.username === '' && url.password === '')) return text;
  url.username = '';
  url.password = '';
  return url.toString();
}

function safeUrl(text: string): URL | undefined {
  return URL.canParse(text) ? new URL(text) : undefined;
}
