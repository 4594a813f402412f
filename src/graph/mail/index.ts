import type { GraphArea } from '../index.js';
import { registerCreateFolder } from './create-folder.js';
import { registerCreateMessage } from './create-message.js';
import { registerDeleteFolder } from './delete-folder.js';
import { registerDeleteMessage } from './delete-message.js';
import { registerGetFolder } from './get-folder.js';
import { registerGetMessage } from './get-message.js';
import { registerListFolders } from './list-folders.js';
import { registerListMessages } from './list-messages.js';
import { mailSendRule } from './rules.js';
import { registerSendDraft } from './send-draft.js';
import { registerSendMail } from './send-mail.js';
import { registerUpdateFolder } from './update-folder.js';
import { registerUpdateMessage } from './update-message.js';

// Mail: sendMail (delivered to the tenant's recipients), messages and mail folders of a mailbox.
// Reading and writing go through the core `mailbox` rule; sending through `mailSend` (rules.ts).
export const mailArea: GraphArea = {
  name: 'mail',
  rules(registry) {
    registry.register('mailSend', mailSendRule);
  },
  routes(app) {
    registerSendMail(app);
    registerListMessages(app);
    registerGetMessage(app);
    registerCreateMessage(app);
    registerUpdateMessage(app);
    registerDeleteMessage(app);
    registerSendDraft(app);
    registerListFolders(app);
    registerGetFolder(app);
    registerCreateFolder(app);
    registerUpdateFolder(app);
    registerDeleteFolder(app);
  },
};
