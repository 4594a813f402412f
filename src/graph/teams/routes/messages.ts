import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../shared/services.js';
import type { ChannelMessageRecord, ChannelRecord } from '../../../store/teams/types.js';
import type { UserRecord } from '../../../store/types.js';
import { authorize } from '../../auth/authorize.js';
import { graphErrors } from '../../errors.js';
import { entityResult, queryCollection } from '../../odata/collection.js';
import { entityContext } from '../../odata/links.js';
import { param, teamsStore } from '../access.js';
import { rejectUnknown, requireBody, type Body } from '../bodies.js';
import { team, type TeamTarget } from '../rules.js';
import { MESSAGE_SPEC, toGraphMessage } from '../shapes/message-shape.js';

// Channel messages and replies (chatmessage-post.md / channel-post-messages.md,
// channel-list-messages.md, chatmessage-get.md, chatmessage-post-replies.md,
// chatmessage-list-replies.md). Sending is delegated only (ChannelMessage.Send): with application
// permissions Graph accepts only Teamwork.Migrate.All, to import history into a team in migration
// mode, which tenantbox does not emulate (501). Any member of the team (of a private channel: of
// the channel) may post and read. Lists are newest first [I].

type P = { Params: { teamId: string; channelId: string; messageId: string; replyId: string } };

const KNOWN = ['body', 'subject', 'importance', 'mentions', 'attachments', 'summary'];

function channelOf(p: P['Params']) {
  return team(param(p, 'teamId'), 'read', { channelId: param(p, 'channelId'), channelNeed: 'read' });
}

export function registerMessageRoutes(app: FastifyInstance): void {
  const post = (reply: boolean) => async (req: FastifyRequest<P>, res: import('fastify').FastifyReply) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: channelOf(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    if (auth.principal.scheme === 'application') {
      throw graphErrors.notImplemented('sending channel messages with application permissions (Graph allows it only with Teamwork.Migrate.All, to import messages into a team in migration mode)');
    }
    let replyToId: string | null = null;
    if (reply) {
      const root = await teamsStore(s).getMessage(auth.tenant.id, ch.teamId, ch.id, param(req.params, 'messageId'));
      if (!root) throw graphErrors.teamsNotFound(`Message '${param(req.params, 'messageId')}' was not found in channel '${ch.id}'.`);
      replyToId = root.id;
    }
    const sender = await s.stores.directory.getUser(auth.tenant.id, auth.principal.userId!);
    if (!sender) throw graphErrors.directoryResourceNotFound(auth.principal.userId!);
    const record = await newMessage(s, ch, sender, requireBody(req), replyToId);
    await teamsStore(s).putMessage(record);
    res.code(201);
    return { '@odata.context': entityContext(req, `teams('${ch.teamId}')/channels('${ch.id}')/messages`), ...toGraphMessage(record) };
  };
  app.post<P>('/teams/:teamId/channels/:channelId/messages', post(false));
  app.post<P>('/teams/:teamId/channels/:channelId/messages/:messageId/replies', post(true));

  app.get<P>('/teams/:teamId/channels/:channelId/messages', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: channelOf(req.params) });
    const ch = auth.target.channel!;
    const list = await teamsStore(req.graph.ctx.s).listMessages(auth.tenant.id, ch.teamId, ch.id, null);
    return queryCollection(req, MESSAGE_SPEC, [...list].reverse().map(toGraphMessage), { contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/messages` });
  });

  app.get<P>('/teams/:teamId/channels/:channelId/messages/:messageId', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: channelOf(req.params) });
    const ch = auth.target.channel!;
    const m = await mustGet(req.graph.ctx.s, ch, param(req.params, 'messageId'), null);
    return entityResult(req, MESSAGE_SPEC, toGraphMessage(m), { contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/messages` });
  });

  app.get<P>('/teams/:teamId/channels/:channelId/messages/:messageId/replies', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: channelOf(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    const root = await mustGet(s, ch, param(req.params, 'messageId'), null);
    const list = await teamsStore(s).listMessages(auth.tenant.id, ch.teamId, ch.id, root.id);
    return queryCollection(req, MESSAGE_SPEC, [...list].reverse().map(toGraphMessage), {
      contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/messages('${root.id}')/replies`,
    });
  });

  app.get<P>('/teams/:teamId/channels/:channelId/messages/:messageId/replies/:replyId', async (req) => {
    const auth = await authorize<TeamTarget>(req, { workload: 'teams', resource: channelOf(req.params) });
    const { s } = req.graph.ctx;
    const ch = auth.target.channel!;
    const root = await mustGet(s, ch, param(req.params, 'messageId'), null);
    const m = await mustGet(s, ch, param(req.params, 'replyId'), root.id);
    return entityResult(req, MESSAGE_SPEC, toGraphMessage(m), { contextEntitySet: `teams('${ch.teamId}')/channels('${ch.id}')/messages('${root.id}')/replies` });
  });
}

async function mustGet(s: Services, ch: ChannelRecord, id: string, replyToId: string | null): Promise<ChannelMessageRecord> {
  const m = await teamsStore(s).getMessage(ch.tenantId, ch.teamId, ch.id, id, replyToId);
  if (!m) throw graphErrors.teamsNotFound(`Message '${id}' was not found in channel '${ch.id}'.`);
  return m;
}

/** A chatMessage as Teams stores a new post: ids are the creation time in milliseconds, unique per channel. */
async function newMessage(s: Services, ch: ChannelRecord, sender: UserRecord, body: Body, replyToId: string | null): Promise<ChannelMessageRecord> {
  rejectUnknown(body, KNOWN, 'chatMessage');
  const b = body.body as Body | undefined;
  if (!b || typeof b !== 'object' || typeof b.content !== 'string' || b.content.trim() === '') {
    throw graphErrors.badRequest("A message needs 'body' with non-empty 'content'.");
  }
  const contentType = String(b.contentType ?? 'text').toLowerCase();
  if (contentType !== 'text' && contentType !== 'html') throw graphErrors.badRequest(`Invalid value for property 'body.contentType': '${String(b.contentType)}'.`);
  if (Array.isArray(body.attachments) && body.attachments.length) throw graphErrors.notImplemented('message attachments');
  const importance = String(body.importance ?? 'normal').toLowerCase();
  if (!['normal', 'high', 'urgent'].includes(importance)) throw graphErrors.badRequest(`Invalid value for property 'importance': '${String(body.importance)}'.`);
  const mentions = Array.isArray(body.mentions) ? body.mentions : [];

  let ms = s.clock.now();
  while (await teamsStore(s).getMessage(ch.tenantId, ch.teamId, ch.id, String(ms), replyToId)) ms++;
  const id = String(ms);
  const iso = new Date(ms).toISOString();
  const data: Record<string, unknown> = {
    id,
    replyToId,
    etag: id,
    messageType: 'message',
    createdDateTime: iso,
    lastModifiedDateTime: iso,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: replyToId ? null : typeof body.subject === 'string' ? body.subject : null,
    summary: typeof body.summary === 'string' ? body.summary : null,
    chatId: null,
    importance,
    locale: 'en-us',
    webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(ch.id)}/${id}?groupId=${ch.teamId}&tenantId=${ch.tenantId}&createdTime=${ms}&parentMessageId=${replyToId ?? id}`,
    policyViolation: null,
    eventDetail: null,
    from: {
      application: null,
      device: null,
      user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id: sender.id, displayName: sender.displayName, userIdentityType: 'aadUser', tenantId: ch.tenantId },
    },
    body: { contentType, content: b.content },
    channelIdentity: { teamId: ch.teamId, channelId: ch.id },
    attachments: [],
    mentions,
    reactions: [],
  };
  return { tenantId: ch.tenantId, teamId: ch.teamId, channelId: ch.id, id, replyToId, data, createdMs: ms };
}
