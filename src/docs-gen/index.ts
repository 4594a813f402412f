import type { Manifest } from '../manifest/types.js';
import { buildDocModel, type DocOptions } from './model.js';
import { renderDocsHtml, renderDocsMarkdown } from './render.js';

// `tenantbox docs MANIFEST`: a permissions reference for administrators (docs/manifest.md).

export { adminConsentUrl, incrementalConsentUrl } from './consent-urls.js';
export { buildDocModel, type DocModel, type DocOptions, type DocRow } from './model.js';
export { renderDocsHtml, renderDocsMarkdown };

export type DocsFormat = 'md' | 'html';

export function generateDocs(m: Manifest, format: DocsFormat, options: DocOptions = {}): string {
  const model = buildDocModel(m, options);
  return format === 'html' ? renderDocsHtml(model) : renderDocsMarkdown(model);
}
