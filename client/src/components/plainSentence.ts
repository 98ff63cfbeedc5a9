/** A field name the server put before its words ("sectorId: no such sector"): short, no spaces. */
const FIELD_PREFIX = /^[A-Za-z][A-Za-z0-9_.]{0,60}: /;

/**
 * A message as a sentence a person reads: without a leading field name (the field or the
 * banner already says where), starting with a capital and ending with a stop. The server's
 * validation messages are sentences already; this keeps older, terser ones from showing raw.
 */
export function plainSentence(message: string): string {
  const text = message.replace(FIELD_PREFIX, "").trim();
  if (text === "") return message;
  const capital = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
