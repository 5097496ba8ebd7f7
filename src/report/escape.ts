// Escaping for text placed in HTML and for JSON and scripts placed inside <script> elements.

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** JSON safe inside <script>: no `<` (so no `</script>` or `<!--`), and no U+2028/2029. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** A script's text is inlined only if it cannot close its own element. */
export function assertInlineScript(name: string, text: string): string {
  if (/<\/script/i.test(text) || text.includes('<!--')) throw new Error(`${name} contains </script or <!-- and cannot be inlined`);
  return text;
}
