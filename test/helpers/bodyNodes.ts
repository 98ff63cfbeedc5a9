import * as Y from "yjs";

/** A `citation` element of a recommendation's body with these attributes (CITATIONS.md §3), as the editor writes it. */
export function citationNode(attributes: { evidenceId?: string; citationId?: string }): Y.XmlElement {
  const element = new Y.XmlElement("citation");
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  return element;
}

/** A citation node of a recommendation's body that cites this evidence. */
export function citation(evidenceId: string): Y.XmlElement {
  return citationNode({ evidenceId });
}

/** A paragraph of a recommendation's body: strings become its text, elements (citations) go in as given. */
export function paragraph(...children: Array<string | Y.XmlElement>): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(
    0,
    children.map((child) => (typeof child === "string" ? new Y.XmlText(child) : child)),
  );
  return element;
}
