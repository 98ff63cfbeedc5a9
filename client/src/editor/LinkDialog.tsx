import { isSafeHref } from "@accord/editor";
import type { Editor } from "@tiptap/react";
import { useEffect, useState, type FormEvent } from "react";
import { Dialog } from "../components/Dialog";
import { FormField } from "../components/FormField";

/** "example.org/x" → "https://example.org/x"; "a@b.org" → "mailto:a@b.org"; anything with a scheme is kept as typed. */
function normalizeHref(input: string): string {
  const value = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  return `https://${value}`;
}

/** Add, change or remove the link on the selection. Only http, https and mailto links are accepted. */
export function LinkDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const [href, setHref] = useState("");
  const [error, setError] = useState<string | undefined>();
  const hasLink = editor.isActive("link");

  useEffect(() => {
    if (!open) return;
    const current: unknown = editor.getAttributes("link").href;
    setHref(typeof current === "string" ? current : "");
    setError(undefined);
  }, [open, editor]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!href.trim()) {
      setError("Enter a web or email address.");
      return;
    }
    const normalized = normalizeHref(href);
    if (!isSafeHref(normalized)) {
      setError("Only web (http, https) and email (mailto) links are allowed.");
      return;
    }
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !hasLink) {
      chain
        .insertContent({ type: "text", text: href.trim(), marks: [{ type: "link", attrs: { href: normalized } }] })
        .run();
    } else {
      chain.extendMarkRange("link").setLink({ href: normalized }).run();
    }
    onClose();
  }

  return (
    <Dialog open={open} onClose={onClose} title={hasLink ? "Edit link" : "Add a link"}>
      <form onSubmit={onSubmit} noValidate>
        <FormField
          label="Address"
          type="url"
          inputMode="url"
          placeholder="https://example.org/report"
          value={href}
          onChange={(event) => setHref(event.target.value)}
          hint="A web address (https://…) or an email address."
          error={error}
          autoFocus
        />
        <div className="dialog-actions">
          {hasLink ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                editor.chain().focus().extendMarkRange("link").unsetLink().run();
                onClose();
              }}
            >
              Remove link
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            {hasLink ? "Update link" : "Add link"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
