/**
 * Escapes text for the job summary and other Markdown-with-HTML surfaces. core.summary does no
 * escaping, and Auth0-derived strings (type codes, descriptions, ids) come from outside.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for Markdown inline context as well as HTML: no emphasis, links, code or tables. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text).replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}
