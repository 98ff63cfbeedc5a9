import { BODY_FRAGMENT } from "@accord/protocol";
import { expect, onTestFinished } from "vitest";
import * as Y from "yjs";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { openEditor, type Editor } from "./editors.js";
import type { Random } from "./prng.js";

/**
 * The people an attack must not hurt: a team with two documents, two honest editors typing
 * into each, and the checks that they stayed connected and converged on what is stored.
 */

export interface Team {
  lead: ApiClient;
  editor: ApiClient;
  reviewer: ApiClient;
  /** The attacker: a member with the least a brief grants. */
  viewer: ApiClient;
  briefId: string;
  /** The document under attack. */
  target: string;
  /** A document of the same brief that nobody attacks. */
  other: string;
}

/** A lead, an editor, a reviewer and a viewer (invited through real links) in one brief of two recommendations. */
export async function buildTeam(baseUrl: string): Promise<Team> {
  const lead = await buildUser(baseUrl, "Lena Lead");
  const editor = await buildUser(baseUrl, "Eddie Editor");
  const reviewer = await buildUser(baseUrl, "Rita Reviewer");
  const viewer = await buildUser(baseUrl, "Mallory Viewer");
  const brief = await buildBrief(lead);
  await addMember(lead, editor, brief.id, "editor");
  await addMember(lead, reviewer, brief.id, "reviewer");
  await addMember(lead, viewer, brief.id, "viewer");
  const sector = await buildSector(lead, brief.id);
  const target = await buildRecommendation(lead, brief.id, sector.id, "Build cross-border grid links");
  const other = await buildRecommendation(lead, brief.id, sector.id, "Harmonise rules of origin");
  return { lead, editor, reviewer, viewer, briefId: brief.id, target: target.id, other: other.id };
}

/** An editor torn down when the test ends. */
export function openTestEditor(baseUrl: string, client: ApiClient, docName: string): Editor {
  const editor = openEditor(baseUrl, client.cookie ?? "", docName);
  onTestFinished(() => editor.destroy());
  return editor;
}

export function bodyOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BODY_FRAGMENT);
}

export interface LargeBody {
  /** The body's paragraphs, as written. */
  paragraphs: string[];
  /** The body as Y.XmlFragment#toString prints it. */
  xml: string;
  /** The client id that wrote it (every item of the body carries it). */
  writerClientId: number;
}

const WORDS = [
  "grid",
  "tariff",
  "border",
  "energy",
  "supply",
  "chain",
  "policy",
  "trade",
  "labour",
  "market",
  "rules",
  "origin",
  "steel",
  "power",
  "link",
];

/**
 * Writes a body of about `bytes` characters (paragraphs of 1,000) through a real editor
 * connection and waits until a fresh client loads all of it from the server.
 */
export async function writeLargeBody(
  baseUrl: string,
  writer: ApiClient,
  docName: string,
  random: Random,
  bytes = 2 * 1024 * 1024,
): Promise<LargeBody> {
  const paragraphs: string[] = [];
  for (let total = 0; total < bytes; ) {
    let text = "";
    while (text.length < 1000) text += `${random.pick(WORDS)} `;
    text = text.slice(0, 1000);
    paragraphs.push(text);
    total += text.length;
  }
  const xml = paragraphs.map((text) => `<paragraph>${text}</paragraph>`).join("");
  const editor = openTestEditor(baseUrl, writer, docName);
  await eventually(() => editor.provider.synced, { timeoutMs: 10_000 });
  editor.doc.transact(() => {
    bodyOf(editor.doc).insert(
      0,
      paragraphs.map((text) => {
        const element = new Y.XmlElement("paragraph");
        element.insert(0, [new Y.XmlText(text)]);
        return element;
      }),
    );
  });
  const writerClientId = editor.doc.clientID;
  const reader = openTestEditor(baseUrl, writer, docName);
  await eventually(() => reader.provider.synced && bodyOf(reader.doc).length === paragraphs.length, {
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  expect(bodyOf(reader.doc).toString()).toBe(xml);
  reader.destroy();
  editor.destroy();
  return { paragraphs, xml, writerClientId };
}

export interface HonestEditor extends Editor {
  name: string;
  /** Everything this editor typed, in order. */
  typed: string[];
  /** For every other client whose awareness state reached this editor: the largest state's JSON length. */
  awarenessSeen: Map<number, number>;
}

export interface HonestEditors {
  /** Two editors on the attacked document and two on the other one. */
  onTarget: [HonestEditor, HonestEditor];
  onOther: [HonestEditor, HonestEditor];
  all: HonestEditor[];
  /** Each editor types a few characters every 50 ms until stopped. */
  startTyping(random: Random): void;
  stopTyping(): void;
}

/**
 * Real y-websocket providers with presence (a local awareness state, as the browser editor
 * sets), so that they also echo every state they receive, as the browser's does.
 */
export async function openHonestEditors(baseUrl: string, team: Team): Promise<HonestEditors> {
  const open = (client: ApiClient, docName: string, name: string): HonestEditor => {
    const editor = openTestEditor(baseUrl, client, docName);
    const awarenessSeen = new Map<number, number>();
    editor.provider.awareness.on("update", ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const clientId of [...added, ...updated]) {
        if (clientId === editor.doc.clientID) continue;
        const size = JSON.stringify(editor.provider.awareness.getStates().get(clientId) ?? null).length;
        awarenessSeen.set(clientId, Math.max(awarenessSeen.get(clientId) ?? 0, size));
      }
    });
    editor.provider.awareness.setLocalStateField("user", { name, color: "#1f77b4" });
    return { ...editor, name, typed: [], awarenessSeen };
  };
  const onTarget: [HonestEditor, HonestEditor] = [
    open(team.lead, team.target, "Lena"),
    open(team.editor, team.target, "Eddie"),
  ];
  const onOther: [HonestEditor, HonestEditor] = [
    open(team.lead, team.other, "Lena"),
    open(team.editor, team.other, "Eddie"),
  ];
  const all = [...onTarget, ...onOther];
  await eventually(() => all.every((editor) => editor.provider.synced), { timeoutMs: 20_000, intervalMs: 50 });
  let timers: NodeJS.Timeout[] = [];
  const stopTyping = () => {
    timers.forEach((timer) => clearInterval(timer));
    timers = [];
  };
  onTestFinished(stopTyping);
  const alphabets = ["abcde", "fghij", "klmno", "pqrst"];
  return {
    onTarget,
    onOther,
    all,
    startTyping(random) {
      all.forEach((editor, i) => {
        timers.push(
          setInterval(() => {
            const text = random.string(random.int(1, 3), alphabets[i]!);
            editor.text.insert(random.int(0, editor.text.length), text);
            editor.typed.push(text);
          }, 50),
        );
      });
    },
    stopTyping,
  };
}

function sorted(text: string): string {
  return [...text].sort().join("");
}

/**
 * The honest editors stayed connected (no close at all), each pair holds the same document
 * with every character either of them typed, and a fresh client loads exactly that from the
 * server. `reader` must be a member who can still open both documents.
 */
export async function expectHonestEditorsConverged(
  baseUrl: string,
  honest: HonestEditors,
  team: Team,
  reader: ApiClient = team.lead,
): Promise<void> {
  honest.stopTyping();
  expect(honest.all.map((editor) => [editor.name, editor.closes])).toEqual(
    honest.all.map((editor) => [editor.name, []]),
  );
  for (const [docName, pair] of [
    [team.target, honest.onTarget],
    [team.other, honest.onOther],
  ] as const) {
    const [a, b] = pair;
    const typed = sorted([...a.typed, ...b.typed].join(""));
    await eventually(
      () => {
        expect(b.text.toString()).toBe(a.text.toString());
        expect(bodyOf(b.doc).toString()).toBe(bodyOf(a.doc).toString());
        expect(sorted(a.text.toString())).toBe(typed);
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    const fresh = openTestEditor(baseUrl, reader, docName);
    await eventually(
      () => {
        expect(fresh.provider.synced).toBe(true);
        expect(fresh.text.toString()).toBe(a.text.toString());
        expect(bodyOf(fresh.doc).toString()).toBe(bodyOf(a.doc).toString());
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    fresh.destroy();
  }
  // Still connected after all that: nothing closed them while converging either.
  expect(honest.all.map((editor) => [editor.name, editor.closes, editor.provider.wsconnected])).toEqual(
    honest.all.map((editor) => [editor.name, [], true]),
  );
}
