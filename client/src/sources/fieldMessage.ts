/**
 * The server's message without the field name it starts with ("csl.URL: must be…",
 * "bibtex: Entry 1 …"), for showing at the field itself, which already says what it is.
 */
export function withoutFieldPrefix(message: string): string {
  const colon = message.indexOf(": ");
  if (colon < 0 || colon > 60 || /\s/.test(message.slice(0, colon))) return message;
  const rest = message.slice(colon + 2);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
