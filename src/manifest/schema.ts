import { z } from 'zod';
import { ALLOWED_KEYS_MARKER } from '../tenant-file/schema.js';

// The manifest as written. Mappings are strict (an unknown key is an error naming the allowed ones,
// through the tenant file's issue mapper); semantic checks against the catalog are `check`'s job.

function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? ALLOWED_KEYS_MARKER + keys.join(',') : undefined),
  });
}

const text = z.string().trim().min(1);
const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a lower-case id of letters, digits and dashes, such as service-account' });
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const PermissionSchema = obj({
  name: text,
  type: z.enum(['Delegated', 'Application', 'Google scope']),
  resource: z.enum(['graph', 'openid', 'exchange', 'google', 'api']).optional(),
  justification: text,
  adminConsentRequired: z.boolean().optional(),
});

export const ContextSchema = obj({
  id: slug,
  title: text,
  description: text.optional(),
  includes: z.array(slug).default([]),
  permissions: z.array(z.unknown()).default([]),
});

export const ConnectionSchema = obj({
  id: slug,
  kind: z.enum(['delegated-user', 'service-account', 'application', 'google-dwd']),
  title: text,
  description: text.optional(),
  account: text.optional(),
  // A model registered as an app of its own (room signage: the application model and the service
  // account model are two Entra apps): overrides app.appId / app.redirectUri for this connection.
  appId: z.string().trim().regex(GUID_RE, { error: 'expected a GUID such as 5eed0000-0000-4000-8000-000000000001' }).optional(),
  redirectUri: text.optional(),
  mailboxScope: obj({
    group: text,
    members: z.array(text).optional(),
    description: text.optional(),
  }).optional(),
  contexts: z.array(z.unknown()).min(1),
});

export const AppSchema = obj({
  name: text,
  archetype: slug,
  publisher: text.optional(),
  homepage: z.url({ error: 'expected a URL such as https://example.com/app' }).optional(),
  description: text.optional(),
  appId: z.string().trim().regex(GUID_RE, { error: 'expected a GUID such as 5eed0000-0000-4000-8000-000000000001' }).optional(),
  redirectUri: text.optional(),
  // A string: YAML reads a 21-digit number inexactly (the loader says so when it is not quoted).
  googleClientId: z
    .string()
    .trim()
    .regex(/^\d{10,30}$/, { error: 'expected the numeric client id Google shows (21 digits)' })
    .optional(),
});

export const ManifestSchema = obj({
  manifest: z.literal(1).optional(),
  app: z.unknown().optional(),
  connections: z.array(z.unknown()).min(1),
});
