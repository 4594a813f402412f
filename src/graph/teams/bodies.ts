import type { FastifyRequest } from 'fastify';
import type { TeamSettings } from '../../store/teams/types.js';
import { graphErrors } from '../errors.js';

// Request bodies of the Teams routes: Graph's answers for missing or malformed payloads, the
// `user@odata.bind` and settings shapes. Properties tenantbox does not emulate are refused by name
// (501), never silently dropped.

export type Body = Record<string, unknown>;

export function requireBody(req: FastifyRequest): Body {
  const b = req.body;
  if (b === undefined || b === null) throw graphErrors.emptyPayload();
  if (typeof b !== 'object' || Array.isArray(b)) throw graphErrors.badRequest('The request body must be a JSON object.');
  return b as Body;
}

/** The body when there is one, for deciding what a request needs before its permission check. */
export function peekBody(req: FastifyRequest): Body {
  const b = req.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {};
}

export function rejectUnknown(body: Body, known: readonly string[], resource: string): void {
  const allowed = new Set(known.map((k) => k.toLowerCase()));
  for (const k of Object.keys(body)) {
    if (k.startsWith('@odata.')) continue;
    if (!allowed.has(k.toLowerCase())) throw graphErrors.notImplemented(`the property '${k}' of ${resource}`);
  }
}

export function optString(body: Body, prop: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = body[prop];
  if (v === undefined || v === null) {
    if (opts.required) throw graphErrors.badRequest(`The property '${prop}' is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw graphErrors.badRequest(`Invalid value for property '${prop}': a string is expected.`);
  if (opts.required && v.trim() === '') throw graphErrors.badRequest(`The property '${prop}' is required.`);
  if (opts.max !== undefined && v.length > opts.max) throw graphErrors.badRequest(`The property '${prop}' is longer than ${opts.max} characters.`);
  return v;
}

export function optBool(body: Body, prop: string): boolean | undefined {
  const v = body[prop];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw graphErrors.badRequest(`Invalid value for property '${prop}': a boolean is expected.`);
  return v;
}

/** The user a `user@odata.bind` names: `https://graph.microsoft.com/v1.0/users('{id}')` or `.../users/{id}`. */
export function boundUserId(member: Body): string {
  const bind = member['user@odata.bind'];
  if (typeof bind !== 'string' || bind.trim() === '') throw graphErrors.badRequest("The property 'user@odata.bind' is required.");
  const m = /users(?:\('([^']+)'\)|\/([^/?]+))\/?$/i.exec(bind.trim());
  if (!m) throw graphErrors.badRequest(`Invalid value for 'user@odata.bind': '${bind}'.`);
  return decodeURIComponent(m[1] ?? m[2]!);
}

/** The id in `.../groups('{id}')` or `.../groups/{id}`. */
export function boundGroupId(bind: unknown): string {
  if (typeof bind !== 'string') throw graphErrors.badRequest("Invalid value for 'group@odata.bind'.");
  const m = /groups(?:\('([^']+)'\)|\/([^/?]+))\/?$/i.exec(bind.trim());
  if (!m) throw graphErrors.badRequest(`Invalid value for 'group@odata.bind': '${bind}'.`);
  return decodeURIComponent(m[1] ?? m[2]!);
}

/** Conversation member roles: [] or ['owner'] (Graph also reports 'guest', which cannot be set). */
export function memberRoles(member: Body): string[] {
  const roles = member.roles ?? [];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) throw graphErrors.badRequest("Invalid value for property 'roles'.");
  const lower = roles.map((r) => r.toLowerCase());
  for (const r of lower) if (r !== 'owner' && r !== 'guest') throw graphErrors.badRequest(`Invalid role '${r}': a member's roles are [] or ["owner"].`);
  return lower.includes('owner') ? ['owner'] : [];
}

const SETTING_KEYS: { [K in keyof TeamSettings]: Record<keyof TeamSettings[K], 'boolean' | readonly string[]> } = {
  memberSettings: {
    allowCreateUpdateChannels: 'boolean',
    allowCreatePrivateChannels: 'boolean',
    allowDeleteChannels: 'boolean',
    allowAddRemoveApps: 'boolean',
    allowCreateUpdateRemoveTabs: 'boolean',
    allowCreateUpdateRemoveConnectors: 'boolean',
  },
  guestSettings: { allowCreateUpdateChannels: 'boolean', allowDeleteChannels: 'boolean' },
  messagingSettings: {
    allowUserEditMessages: 'boolean',
    allowUserDeleteMessages: 'boolean',
    allowOwnerDeleteMessages: 'boolean',
    allowTeamMentions: 'boolean',
    allowChannelMentions: 'boolean',
  },
  funSettings: { allowGiphy: 'boolean', giphyContentRating: ['moderate', 'strict'], allowStickersAndMemes: 'boolean', allowCustomMemes: 'boolean' },
  discoverySettings: { showInTeamsSearchAndSuggestions: 'boolean' },
};

export const SETTINGS_PROPERTIES = Object.keys(SETTING_KEYS) as (keyof TeamSettings)[];

/** The settings a body changes (team-update.md): each group is merged into the current values. */
export function settingsPatch(body: Body): Partial<TeamSettings> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const group of SETTINGS_PROPERTIES) {
    const v = body[group];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw graphErrors.badRequest(`Invalid value for property '${group}'.`);
    const keys = SETTING_KEYS[group] as Record<string, 'boolean' | readonly string[]>;
    const patch: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k.startsWith('@odata.')) continue;
      const kind = keys[k];
      if (!kind) throw graphErrors.badRequest(`Could not find a property named '${k}' on type 'microsoft.graph.team${group[0]!.toUpperCase()}${group.slice(1, -1)}'.`);
      if (kind === 'boolean' ? typeof x !== 'boolean' : typeof x !== 'string' || !kind.includes(x.toLowerCase())) {
        throw graphErrors.badRequest(`Invalid value for property '${group}.${k}'.`);
      }
      patch[k] = typeof x === 'string' ? x.toLowerCase() : x;
    }
    out[group] = patch;
  }
  return out as Partial<TeamSettings>;
}

export function mergeSettings<T extends TeamSettings>(current: T, patch: Partial<TeamSettings>): T {
  const next = { ...current } as T;
  for (const group of SETTINGS_PROPERTIES) {
    if (patch[group]) (next as Record<string, unknown>)[group] = { ...current[group], ...patch[group] };
  }
  return next;
}

/** Channel names Teams refuses (channel-post.md: no `~ # % & * { } + / \ : < > ? | ' " ..`, at most 50 characters). */
export function checkChannelName(name: string): void {
  if (name.length > 50) throw graphErrors.badRequest('Channel name cannot be longer than 50 characters.');
  if (/[~#%&*{}+/\\:<>?|'"]/.test(name) || name.includes('..') || /^_/.test(name) || /\.$/.test(name)) {
    throw graphErrors.badRequest(`Channel name '${name}' contains characters Teams does not allow (~ # % & * { } + / \\ : < > ? | ' " ..).`);
  }
}
