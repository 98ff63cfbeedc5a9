import * as Y from "yjs";

/** A citation node of a recommendation's body, as the editor writes it. */
export function citation(evidenceId: string): Y.XmlElement {
  const element = new Y.XmlElement("citation");
  element.setAttribute("evidenceId", evidenceId);
  return element;
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
