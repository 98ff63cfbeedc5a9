import type { z } from "zod";
import { ValidationError } from "../errors.js";
import { issueField, plainMessage } from "./plainMessages.js";

/**
 * Parses a body, query or params object. The first wrong field names the error (`field`, as
 * the API has always sent it), and the message says in plain words what to do about it.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // reportInput: a missing value reads as "Enter …", a wrong one as what is wrong with it.
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ValidationError("The request could not be read.");
  throw new ValidationError(plainMessage(issue), issueField(issue));
}
