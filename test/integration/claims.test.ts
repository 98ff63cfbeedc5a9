import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { ClientEvent, ServerEvent, type ClaimsView } from "@accord/protocol";
import { buildRecommendation, buildSector, type ApiClient } from "../helpers/api.js";
import { citation, paragraph } from "../helpers/bodyNodes.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { type TestServer, useServer } from "../helpers/startServer.js";
import { getReport, passagesOf, upload } from "./evidenceSupport.js";
import { type Editor, openEditor, reviewTeam, storedBody } from "./reviewSupport.js";

/**
 * The claim check through the real server (issue 19; rules K1–K5 in
 * server/src/claims/ClaimTracker.ts): bodies typed over real document sockets, evidence from a
 * real Markdown import, findings, ignores, approval and counts through REST.
 */

const REPORT = `# Energy and trade across the border

## Trade

Mexico imported $614.5 billion of goods from the United States in 2023, a record.

Remittances to Mexico totalled $63.3 billion in 2023.

## Power

Natural gas generated 62 percent of Mexico's electricity in 2022.
`;

const SECOND_REPORT = `# Water across the border

Irrigation districts in the north drew 38 percent of the basin's flow in 2022.
`;

/** Imports a Markdown report as the lead and answers the evidence id of the passage holding each text. */
async function importReport(lead: ApiClient, briefId: string, markdown: string, name = "trade.md") {
  const imported = await upload(lead, briefId, {
    name,
    bytes: new TextEncoder().encode(markdown),
    type: "text/markdown",
  });
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const passages = passagesOf(await getReport(lead, briefId, imported.body.report.id));
  return (text: string): string => {
    const passage = passages.find((p) => p.text.includes(text));
    if (!passage) throw new Error(`no passage holds ${text}`);
    return passage.id;
  };
}

/** A review team, a second sector with a second recommendation, and the report imported. */
async function claimTeam(server: TestServer) {
  const team = await reviewTeam(server);
  const trade = await buildSector(team.lead, team.brief.id, "Trade");
  const other = await buildRecommendation(team.lead, team.brief.id, trade.id, "Keep imports flowing");
  const evidence = await importReport(team.lead, team.brief.id, REPORT);
  return {
    ...team,
    trade,
    other,
    otherBase: `/api/briefs/${team.brief.id}/recommendations/${other.id}`,
    imports: evidence("$614.5 billion"),
    remittances: evidence("$63.3 billion"),
    gas: evidence("62 percent"),
  };
}

async function claims(client: ApiClient, base: string): Promise<ClaimsView> {
  const res = await client.get(`${base}/claims`);
  if (res.status !== 200) throw new Error(`claims: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ClaimsView;
}

/** Kind and figure of each finding, in body order: what a test compares. */
const summary = (view: ClaimsView) => view.findings.map((f) => [f.kind, f.figure.raw, f.ignored?.reason ?? null]);

/** Counts the brief-wide pass's reads of every check of a brief (listClaimChecks) on the real store, until `restore`. */
function countBriefPasses(server: TestServer): { count: () => number; restore: () => void } {
  const store = server.store;
  const listClaimChecks = store.listClaimChecks;
  let listed = 0;
  store.listClaimChecks = (briefId) => {
    listed++;
    return listClaimChecks.call(store, briefId);
  };
  return { count: () => listed, restore: () => (store.listClaimChecks = listClaimChecks) };
}

/** Waits until the server stored a body whose XML includes every piece. */
async function stored(server: TestServer, recId: string, ...pieces: string[]): Promise<void> {
  await eventually(async () => {
    const xml = await storedBody(server, recId);
    return pieces.every((piece) => xml.includes(piece));
  });
}

/** Types `text` into the Y.XmlText a few characters at a time, as a person does. */
function typeInto(text: Y.XmlText, at: number, typed: string): void {
  for (let i = 0; i < typed.length; i += 7) text.insert(at + i, typed.slice(i, i + 7));
}

describe("claim check", () => {
  const server = useServer();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  it("two people typing: after the last stored update the findings follow within 1 s — mismatch, notFound, unsupported (offering the passage) and inconsistent", async () => {
    const team = await claimTeam(server());
    const { lead, editor, viewer, rec, other, base, otherBase, brief } = team;
    const socket = await connectEvents(viewer);
    sockets.push(socket);
    const announced: unknown[] = [];
    socket.on(ServerEvent.ClaimsUpdated, (event) => announced.push(event));
    expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });

    // Never checked yet: empty, and a check is scheduled.
    expect(await claims(viewer, base)).toEqual({
      checkedAt: null,
      counts: { mismatch: 0, unsupported: 0, notFound: 0, inconsistent: 0 },
      findings: [],
    });

    // That first check starts the server's claim worker and builds the brief's report index: what
    // the 1 s below measures is a check after a pause, not a worker loading (seconds under tsx on a
    // busy machine; the compiled server loads it in a fraction of that).
    await eventually(async () => (await claims(viewer, base)).checkedAt !== null, { timeoutMs: 30_000 });

    // Two people in one body: the editor writes the first paragraph, the lead the second.
    const first: Editor = await openEditor(server(), editor, rec.id);
    const second: Editor = await openEditor(server(), lead, rec.id);
    first.body.insert(0, [paragraph("", citation(team.imports), " ", citation(team.gas))]);
    await eventually(() => second.body.length === 1);
    second.body.insert(1, [paragraph(""), paragraph("", citation(team.imports))]);
    await eventually(() => first.body.length === 3);
    const firstText = (first.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const secondText = (second.body.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const thirdText = (second.body.get(2) as Y.XmlElement).get(0) as Y.XmlText;
    typeInto(firstText, 0, "Mexico imported $640 billion of US goods in 2023.");
    typeInto(secondText, 0, "Remittances to Mexico reached $63.3 billion in 2023.");
    const gasText = (first.body.get(0) as Y.XmlElement).get(2) as Y.XmlText;
    typeInto(gasText, 1, "Natural gas generated 26 percent of Mexico's electricity in 2022.");
    typeInto(thirdText, 0, "The pipelines carry 7 gigawatts.");
    await stored(
      server(),
      rec.id,
      "US goods in 2023.",
      "reached $63.3 billion in 2023.",
      "electricity in 2022.",
      "carry 7 gigawatts.",
    );
    // The last update is stored: the findings follow within 1 s (debounce 300 ms, then the check).
    const view = await eventually(
      async () => {
        const current = await claims(viewer, base);
        expect(summary(current)).toEqual([
          ["mismatch", "$640 billion", null],
          ["mismatch", "26 percent", null],
          ["unsupported", "$63.3 billion", null],
          ["notFound", "7 gigawatts", null],
        ]);
        return current;
      },
      { timeoutMs: 1_000 },
    );
    expect(view.counts).toEqual({ mismatch: 2, unsupported: 1, notFound: 1, inconsistent: 0 });
    expect(view.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const [imports, gas, remittances, pipelines] = view.findings;
    // Each finding says where its figure is (the client underlines it) and what the passage says.
    expect(imports).toMatchObject({
      at: { block: 0, from: 16, to: 28 },
      sentence: "Mexico imported $640 billion of US goods in 2023.",
      passages: [{ evidenceId: team.imports, citationId: null, figure: { raw: "$614.5 billion", value: 614.5e9 } }],
      ignored: null,
    });
    expect(gas!.passages).toMatchObject([{ evidenceId: team.gas, figure: { raw: "62 percent", value: 62 } }]);
    // Unsupported: uncited, but the report states it; the passage is offered to cite.
    expect(remittances).toMatchObject({
      at: { block: 1, from: 30, to: 43 },
      passages: [{ evidenceId: team.remittances, figure: { raw: "$63.3 billion" } }],
    });
    // Not found: cited, and the cited passage states no such quantity.
    expect(pipelines!.passages).toEqual([{ evidenceId: team.imports, citationId: null, figure: null }]);
    expect(announced).toContainEqual({
      type: ServerEvent.ClaimsUpdated,
      briefId: brief.id,
      recommendationId: rec.id,
      counts: { mismatch: 2, unsupported: 1, notFound: 1, inconsistent: 0 },
    });

    // Another recommendation of the brief states the same quantity differently: both are flagged.
    const third = await openEditor(server(), editor, other.id);
    third.body.insert(0, [paragraph("Mexico imported $700 billion of US goods in 2023.", citation(team.imports))]);
    await stored(server(), other.id, "$700 billion");
    await eventually(
      async () => {
        const there = await claims(viewer, otherBase);
        expect(summary(there)).toEqual([
          ["mismatch", "$700 billion", null],
          ["inconsistent", "$700 billion", null],
        ]);
        expect(there.findings[1]!.others).toEqual([{ recommendationId: rec.id, raw: "$640 billion" }]);
        const here = await claims(viewer, base);
        expect(here.counts).toEqual({ mismatch: 2, unsupported: 1, notFound: 1, inconsistent: 1 });
        expect(here.findings.find((f) => f.kind === "inconsistent")).toMatchObject({
          figure: { raw: "$640 billion" },
          others: [{ recommendationId: other.id, raw: "$700 billion" }],
        });
      },
      { timeoutMs: 1_000 },
    );
    expect(announced).toContainEqual({
      type: ServerEvent.ClaimsUpdated,
      briefId: brief.id,
      recommendationId: rec.id,
      counts: { mismatch: 2, unsupported: 1, notFound: 1, inconsistent: 1 },
    });

    // Correcting the figure clears both the mismatch and, across the brief, the inconsistency.
    const otherText = (third.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    otherText.delete(16, 12);
    otherText.insert(16, "$614.5 billion");
    await stored(server(), other.id, "$614.5 billion");
    await eventually(
      async () => {
        expect(summary(await claims(viewer, otherBase))).toEqual([["inconsistent", "$614.5 billion", null]]);
      },
      { timeoutMs: 1_000 },
    );
  });

  it("[K7] words typed before a figure keep its inconsistent finding, moved with it, and read none of the brief's other checks", async () => {
    const team = await claimTeam(server());
    const { editor, viewer, rec, other, base } = team;
    const writer = await openEditor(server(), editor, rec.id);
    writer.body.insert(0, [paragraph("Mexico imported $640 billion of US goods in 2023.", citation(team.imports))]);
    const third = await openEditor(server(), editor, other.id);
    third.body.insert(0, [paragraph("Mexico imported $700 billion of US goods in 2023.", citation(team.imports))]);
    await stored(server(), rec.id, "$640 billion");
    await stored(server(), other.id, "$700 billion");
    const before = await eventually(
      async () => {
        const view = await claims(viewer, base);
        expect(summary(view)).toEqual([
          ["mismatch", "$640 billion", null],
          ["inconsistent", "$640 billion", null],
        ]);
        return view;
      },
      { timeoutMs: 30_000 },
    );
    const inconsistent = before.findings[1]!;
    expect(inconsistent.at).toEqual({ block: 0, from: 16, to: 28 });

    // The brief-wide pass reads every check of the brief: counted on the real store.
    const pass = countBriefPasses(server());
    try {
      const text = (writer.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(0, "In short, ");
      await stored(server(), rec.id, "In short, Mexico");
      const after = await eventually(
        async () => {
          const view = await claims(viewer, base);
          expect(view.findings[1]?.at).toEqual({ block: 0, from: 26, to: 38 });
          return view;
        },
        { timeoutMs: 5_000 },
      );
      expect(summary(after)).toEqual(summary(before));
      expect(after.findings[1]).toEqual({
        ...inconsistent,
        at: { block: 0, from: 26, to: 38 },
        sentence: "In short, Mexico imported $640 billion of US goods in 2023.",
      });
      expect(after.counts).toEqual(before.counts);
      expect(pass.count()).toBe(0);

      // A figure changed is a new quantity: the brief-wide pass runs, and the inconsistency is gone.
      text.delete(26, 12);
      text.insert(26, "$614.5 billion");
      await stored(server(), rec.id, "In short, Mexico imported $614.5 billion");
      await eventually(
        async () => {
          expect(summary(await claims(viewer, base))).toEqual([["inconsistent", "$614.5 billion", null]]);
        },
        { timeoutMs: 5_000 },
      );
      expect(pass.count()).toBeGreaterThan(0);
    } finally {
      pass.restore();
    }
  });

  it("[K8] a body with no figure, checked for the first time or again, reads none of the brief's other checks; a figure added runs the pass", async () => {
    const team = await claimTeam(server());
    const { editor, viewer, rec, other, base } = team;
    const third = await openEditor(server(), editor, other.id);
    third.body.insert(0, [paragraph("Mexico imported $700 billion of US goods in 2023.", citation(team.imports))]);
    await stored(server(), other.id, "$700 billion");
    await eventually(async () => expect((await claims(viewer, team.otherBase)).checkedAt).not.toBeNull(), {
      timeoutMs: 30_000,
    });
    const pass = countBriefPasses(server());
    try {
      const writer = await openEditor(server(), editor, rec.id);
      writer.body.insert(0, [paragraph("Mexico imports a great deal of US goods.", citation(team.imports))]);
      await stored(server(), rec.id, "a great deal");
      const first = await eventually(
        async () => {
          const view = await claims(viewer, base);
          expect(view.checkedAt).not.toBeNull();
          return view;
        },
        { timeoutMs: 5_000 },
      );
      expect(first.findings).toEqual([]);
      const text = (writer.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(0, "Today, ");
      await stored(server(), rec.id, "Today, Mexico");
      await eventually(async () => expect((await claims(viewer, base)).checkedAt).not.toBe(first.checkedAt), {
        timeoutMs: 5_000,
      });
      expect(pass.count()).toBe(0);

      // A figure that disagrees with the other recommendation's: the pass runs and finds it.
      writer.body.insert(1, [paragraph("Mexico imported $640 billion of US goods in 2023.", citation(team.imports))]);
      await stored(server(), rec.id, "$640 billion");
      await eventually(
        async () =>
          expect(summary(await claims(viewer, base))).toEqual([
            ["mismatch", "$640 billion", null],
            ["inconsistent", "$640 billion", null],
          ]),
        { timeoutMs: 5_000 },
      );
      expect(pass.count()).toBeGreaterThan(0);
    } finally {
      pass.restore();
    }
  });

  it("ignoring a finding with a reason leaves it out of the counts and logs it; un-ignoring brings it back; who may, and what is refused", async () => {
    const team = await claimTeam(server());
    const { lead, editor, reviewer, viewer, rec, base } = team;
    const writer = await openEditor(server(), editor, rec.id);
    writer.body.insert(0, [
      paragraph("Mexico imported $640 billion of US goods in 2023.", citation(team.imports)),
      paragraph("Natural gas generated 26 percent of Mexico's electricity in 2022.", citation(team.gas)),
    ]);
    await stored(server(), rec.id, "electricity in 2022.");
    const view = await eventually(
      async () => {
        const current = await claims(viewer, base);
        expect(current.counts.mismatch).toBe(2);
        return current;
      },
      { timeoutMs: 1_000 },
    );
    const finding = view.findings[0]!;
    expect(finding.figure.raw).toBe("$640 billion");

    // Refused: a viewer or reviewer (403), no reason or too long a reason (400 naming it), an unknown finding (404).
    const ignore = (client: ApiClient, findingId: string, body: unknown) =>
      client.post(`${base}/claims/${encodeURIComponent(findingId)}/ignore`, body);
    expect((await ignore(viewer, finding.id, { reason: "Rounded." })).status).toBe(403);
    expect((await ignore(reviewer, finding.id, { reason: "Rounded." })).status).toBe(403);
    for (const reason of [undefined, "", "   ", "x".repeat(501)]) {
      const refused = await ignore(editor, finding.id, reason === undefined ? {} : { reason });
      expect(refused.status, JSON.stringify(reason)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "invalid", field: "reason" });
    }
    const unknown = await ignore(editor, "no-such-finding", { reason: "Rounded." });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    expect((await claims(viewer, base)).counts.mismatch).toBe(2);

    // Ignored: out of the counts, kept in the list with who, why and when; logged in the activity.
    const ignored = await ignore(editor, finding.id, { reason: `  ${"r".repeat(480)} the report rounds  ` });
    expect(ignored.status).toBe(200);
    const reason = `${"r".repeat(480)} the report rounds`;
    expect(ignored.body.counts).toEqual({ mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 0 });
    expect(ignored.body.finding).toMatchObject({
      id: finding.id,
      ignored: { reason, userId: editor.user!.id, userName: "Ed Editor" },
    });
    const after = await claims(lead, base);
    expect(after.counts).toEqual({ mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 0 });
    expect(summary(after)).toEqual([
      ["mismatch", "$640 billion", reason],
      ["mismatch", "26 percent", null],
    ]);
    const activity = await lead.get(`/api/briefs/${team.brief.id}/activity?recommendationId=${rec.id}`);
    expect(activity.status).toBe(200);
    expect(activity.body.activity[0]).toMatchObject({
      type: "claim.ignored",
      actor: { userId: editor.user!.id, name: "Ed Editor" },
      data: { findingId: finding.id, kind: "mismatch", raw: "$640 billion", reason },
    });

    // An edit elsewhere in the body keeps the finding's id, so it stays ignored.
    const text = (writer.body.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "Also, ");
    await stored(server(), rec.id, "Also, Natural gas");
    await eventually(
      async () => {
        const current = await claims(viewer, base);
        expect(current.findings[1]!.sentence).toBe(
          "Also, Natural gas generated 26 percent of Mexico's electricity in 2022.",
        );
        expect(summary(current)[0]).toEqual(["mismatch", "$640 billion", reason]);
        expect(current.counts.mismatch).toBe(1);
      },
      { timeoutMs: 1_000 },
    );

    // Un-ignored (by a lead): counted again, and logged.
    expect((await viewer.delete(`${base}/claims/${finding.id}/ignore`)).status).toBe(403);
    const back = await lead.delete(`${base}/claims/${finding.id}/ignore`);
    expect(back.status).toBe(200);
    expect(back.body.counts).toEqual({ mismatch: 2, unsupported: 0, notFound: 0, inconsistent: 0 });
    expect(back.body.finding).toMatchObject({ id: finding.id, ignored: null });
    expect((await claims(viewer, base)).counts.mismatch).toBe(2);
    expect((await lead.delete(`${base}/claims/${finding.id}/ignore`)).status).toBe(404);
    const logged = await lead.get(`/api/briefs/${team.brief.id}/activity?recommendationId=${rec.id}`);
    expect(logged.body.activity[0]).toMatchObject({
      type: "claim.unignored",
      actor: { userId: lead.user!.id },
      data: { findingId: finding.id, raw: "$640 billion" },
    });
  });

  it("a non-member is told the recommendation does not exist", async () => {
    const team = await claimTeam(server());
    const { base } = team;
    const { lead: stranger } = await reviewTeam(server());
    expect((await stranger.get(`${base}/claims`)).status).toBe(404);
    expect((await stranger.post(`${base}/claims/x/ignore`, { reason: "Rounded." })).status).toBe(404);
  });

  it("approval with open mismatches answers 409 open_mismatches with the count; confirmed, it approves; ignored ones do not count", async () => {
    const team = await claimTeam(server());
    const { lead, editor, rec, base } = team;
    const writer = await openEditor(server(), editor, rec.id);
    writer.body.insert(0, [
      paragraph("Mexico imported $640 billion of US goods in 2023.", citation(team.imports)),
      paragraph("Natural gas generated 26 percent of Mexico's electricity in 2022.", citation(team.gas)),
    ]);
    await stored(server(), rec.id, "electricity in 2022.");
    expect((await editor.post(`${base}/transitions`, { to: "in_review" })).status).toBe(200);

    // Checked at approval on the body just stored, without waiting for the pause.
    const refused = await lead.post(`${base}/transitions`, { to: "approved" });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      error: { code: "open_mismatches", message: "2 figures disagree with the evidence they cite.", count: 2 },
    });
    expect((await lead.get(base)).body.recommendation.status).toBe("in_review");

    const finding = (await claims(lead, base)).findings[0]!;
    expect((await lead.post(`${base}/claims/${finding.id}/ignore`, { reason: "Rounded on purpose." })).status).toBe(
      200,
    );
    const once = await lead.post(`${base}/transitions`, { to: "approved" });
    expect(once.status).toBe(409);
    expect(once.body.error).toEqual({
      code: "open_mismatches",
      message: "1 figure disagrees with the evidence it cites.",
      count: 1,
    });

    const confirmed = await lead.post(`${base}/transitions`, { to: "approved", confirmMismatches: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recommendation.status).toBe("approved");
    expect((await lead.post(`${base}/transitions`, { to: "draft", confirmMismatches: "yes" })).status).toBe(400);
  });

  it("counts open findings per recommendation and per sector on the dashboard, and the export preview warns", async () => {
    const team = await claimTeam(server());
    const { lead, editor, viewer, rec, other, sector, trade, brief, base } = team;
    const first = await openEditor(server(), editor, rec.id);
    first.body.insert(0, [
      paragraph("Mexico imported $640 billion of US goods in 2023.", citation(team.imports)),
      paragraph("Natural gas generated 26 percent of Mexico's electricity in 2022.", citation(team.gas)),
    ]);
    const second = await openEditor(server(), lead, other.id);
    second.body.insert(0, [paragraph("Mexico imported $700 billion of US goods in 2023.", citation(team.imports))]);
    await stored(server(), rec.id, "electricity in 2022.");
    await stored(server(), other.id, "$700 billion");
    const expected = {
      [rec.id]: { mismatch: 2, unsupported: 0, notFound: 0, inconsistent: 1 },
      [other.id]: { mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 1 },
    };
    const dashboard = await eventually(
      async () => {
        const res = await viewer.get(`/api/briefs/${brief.id}/dashboard`);
        expect(res.status).toBe(200);
        expect(Object.fromEntries(res.body.recommendations.map((r: any) => [r.recommendationId, r.claims]))).toEqual(
          expected,
        );
        return res.body;
      },
      { timeoutMs: 2_000 },
    );
    expect(dashboard.recommendations).toContainEqual({
      recommendationId: other.id,
      sectorId: trade.id,
      claims: expected[other.id],
    });
    expect(dashboard.sectors.map((s: any) => [s.sectorId, s.claims])).toEqual([
      [sector.id, expected[rec.id]],
      [trade.id, expected[other.id]],
    ]);
    expect(dashboard.totals.claims).toEqual({ mismatch: 3, unsupported: 0, notFound: 0, inconsistent: 2 });

    // Ignored findings leave the sector's count too.
    const finding = (await claims(editor, base)).findings[0]!;
    expect((await editor.post(`${base}/claims/${finding.id}/ignore`, { reason: "Rounded." })).status).toBe(200);
    const after = (await viewer.get(`/api/briefs/${brief.id}/dashboard`)).body;
    expect(after.sectors[0].claims).toEqual({ mismatch: 1, unsupported: 0, notFound: 0, inconsistent: 1 });

    // The export preview sums the included recommendations' open mismatches and inconsistencies.
    const statuses = "statuses=draft,in_review,changes_requested,approved";
    const preview = await lead.get(`/api/briefs/${brief.id}/export/preview?${statuses}`);
    expect(preview.status).toBe(200);
    expect(preview.body.claimWarnings).toEqual({ mismatch: 2, inconsistent: 2 });
    const onlyTrade = await lead.get(`/api/briefs/${brief.id}/export/preview?${statuses}&sectorIds=${trade.id}`);
    expect(onlyTrade.status).toBe(200);
    expect(onlyTrade.body.claimWarnings).toEqual({ mismatch: 1, inconsistent: 1 });
    // Only approved ones by default: none here.
    expect((await lead.get(`/api/briefs/${brief.id}/export/preview`)).body.claimWarnings).toEqual({
      mismatch: 0,
      inconsistent: 0,
    });
  });

  it("a report imported later makes an uncited figure unsupported: the brief's index is built again", async () => {
    const team = await claimTeam(server());
    const { lead, editor, viewer, rec, base, brief } = team;
    const writer = await openEditor(server(), editor, rec.id);
    writer.body.insert(0, [paragraph("The northern districts drew 38 percent of the basin's flow in 2022.")]);
    await stored(server(), rec.id, "basin");
    await eventually(
      async () => {
        const view = await claims(viewer, base);
        expect(view.checkedAt).not.toBeNull();
        expect(view.findings).toEqual([]);
      },
      { timeoutMs: 1_000 },
    );
    const evidence = await importReport(lead, brief.id, SECOND_REPORT, "water.md");
    await eventually(
      async () => {
        const view = await claims(viewer, base);
        expect(summary(view)).toEqual([["unsupported", "38 percent", null]]);
        expect(view.findings[0]!.passages[0]!.evidenceId).toBe(evidence("38 percent"));
      },
      { timeoutMs: 1_000 },
    );
  });
});

describe("claim check bounds", () => {
  const server = useServer({ maxCachedReportIndexes: 1 });

  it("keeps at most MAX_CACHED_REPORT_INDEXES report indexes, however many briefs are checked", async () => {
    for (let i = 0; i < 3; i++) {
      const team = await claimTeam(server());
      const writer = await openEditor(server(), team.editor, team.rec.id);
      writer.body.insert(0, [paragraph("Remittances to Mexico reached $63.3 billion in 2023.")]);
      await stored(server(), team.rec.id, "$63.3 billion");
      await eventually(
        async () => {
          expect(summary(await claims(team.viewer, team.base))).toEqual([["unsupported", "$63.3 billion", null]]);
        },
        // What is pinned here is the bound, not the time (the first check also loads this server's worker).
        { timeoutMs: 30_000 },
      );
      expect(server().server.claims.cachedReportIndexes).toBe(1);
    }
  });
});
