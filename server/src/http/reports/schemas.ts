import { z } from "zod";

/** A report pasted or sent as text rather than uploaded as a file. */
export function importContentSchema(maxUploadBytes: number) {
  return z.object({
    title: z.string().trim().min(1, "must not be empty").max(300),
    format: z.enum(["text", "markdown"]),
    // Characters, not bytes; the JSON body limit already bounds the bytes.
    content: z.string().trim().min(1, "must not be empty").max(maxUploadBytes),
  });
}
