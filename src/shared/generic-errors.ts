import type { ErrorResponse, RequestInfo } from './errors.js';
import type { Surface } from './surface.js';

// Errors that do not come from a handler (unknown route, unparsable body, unsupported media type)
// still get the wire shape of the service the client thinks it is talking to.

export type GenericErrorKind = 'not_found' | 'bad_request' | 'internal';

export function genericError(surface: Surface, kind: GenericErrorKind, detail: string, info: RequestInfo): ErrorResponse {
  const status = kind === 'not_found' ? 404 : kind === 'bad_request' ? 400 : 500;
  switch (surface) {
    case 'graph': {
      // Graph answers an unknown segment with 400 BadRequest, not 404.
      const code = kind === 'internal' ? 'generalException' : 'BadRequest';
      return {
        status: kind === 'internal' ? 500 : 400,
        body: { error: { code, message: detail, innerError: { date: info.now.toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': info.requestId, 'client-request-id': info.clientRequestId ?? info.requestId } } },
      };
    }
    case 'google': {
      const reason = kind === 'not_found' ? 'notFound' : kind === 'bad_request' ? 'badRequest' : 'backendError';
      const message = kind === 'not_found' ? 'Not Found' : detail;
      return { status, body: { error: { code: status, message, errors: [{ domain: 'global', reason, message }], status: kind === 'not_found' ? 'NOT_FOUND' : kind === 'bad_request' ? 'INVALID_ARGUMENT' : 'INTERNAL' } } };
    }
    case 'identity': {
      const code = kind === 'internal' ? 'server_error' : 'invalid_request';
      const aadsts = kind === 'not_found' ? 90002 : kind === 'bad_request' ? 900144 : 90033;
      const ts = info.now.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
      return {
        status,
        body: {
          error: code,
          error_description: `AADSTS${aadsts}: ${detail}\r\nTrace ID: ${info.requestId}\r\nCorrelation ID: ${info.clientRequestId ?? info.requestId}\r\nTimestamp: ${ts}`,
          error_codes: [aadsts],
          timestamp: ts,
          trace_id: info.requestId,
          correlation_id: info.clientRequestId ?? info.requestId,
          error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
        },
      };
    }
    default:
      return { status, body: { error: { code: kind, message: detail, requestId: info.requestId } } };
  }
}
