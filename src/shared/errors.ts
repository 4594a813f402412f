// The base of every error tenantbox turns into a response. Each surface keeps a closed catalogue
// of its vendor's codes (identity/errors.ts, graph/errors.ts, google/errors.ts, admin/errors.ts)
// and renders its own wire shape; the single error funnel in app.ts calls `toResponse`.

export interface ErrorResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body, or a string for text/html bodies. */
  body: unknown;
  contentType?: string;
}

export interface RequestInfo {
  requestId: string;
  clientRequestId?: string;
  now: Date;
  /** Accept header, so page routes can answer HTML. */
  accept?: string;
}

export abstract class TenantboxError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract toResponse(req: RequestInfo): ErrorResponse;
}

/** For emulator-only endpoints (admin API, CLI): `{ error: { code, message } }`. */
export class AdminError extends TenantboxError {
  constructor(
    readonly status: number,
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
  }
  toResponse(req: RequestInfo): ErrorResponse {
    return { status: this.status, body: { error: { code: this.code, message: this.message, requestId: req.requestId } } };
  }
}

export type AdminErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'not_implemented'
  | 'unsupported_host';

export const adminErrors = {
  unauthorized: () =>
    new AdminError(401, 'unauthorized', 'The admin API needs the admin key: send it as "Authorization: Bearer <key>" (the key is in <dataDir>/admin-key; the tenantbox CLI reads it for you).'),
  notFound: (what: string) => new AdminError(404, 'not_found', `${what} was not found.`),
  badRequest: (message: string) => new AdminError(400, 'bad_request', message),
  conflict: (message: string) => new AdminError(409, 'conflict', message),
  notImplemented: (what: string) => new AdminError(501, 'not_implemented', `${what} is not emulated by tenantbox yet.`),
};
