import { describe, expect, it } from "vitest";
import { isSafeHref } from "./safeHref.js";

describe("isSafeHref", () => {
  it.each(["https://example.org/report", "http://example.org", "mailto:team@example.org", "  HTTPS://EXAMPLE.ORG  "])(
    "accepts %s",
    (href) => expect(isSafeHref(href)).toBe(true),
  );

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org",
    "/relative/path",
    "example.org",
    "",
    null,
    undefined,
  ])("refuses %s", (href) => expect(isSafeHref(href)).toBe(false));
});
