import { BODY_FRAGMENT } from "@accord/protocol";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addMember,
  ApiClient,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  PASSWORD,
} from "../helpers/api.js";
import { launchChromium } from "../helpers/browser.js";
import { eventually } from "../helpers/eventually.js";
import { fill, ROUTES } from "../integration/routes.js";
import { openEditor } from "./editors.js";
import { startServerOn, type ServerOnStore, type StoreKind } from "./startServerOn.js";

/**
 * Injection, both kinds:
 * - MongoDB operator objects and arrays wherever a request carries a value (id path
 *   segments, query parameters, body fields) are refused at the boundary (400, or 404 for
 *   an id that names nothing) and change nothing. Run against SQLite always and against
 *   MongoDB when MONGODB_URL is set, since only there would an operator that slipped
 *   through do harm.
 * - Script and markup typed into every user-written field stay text in the built client
 *   in real Chromium: no dialog, no element made from user data, the text shown literally.
 *
 * Query parameters: Express 5's default query parser is "simple" (node:querystring), so
 * `status[$ne]=x` arrives as a key spelled with brackets, never as a nested object; only a
 * repeated key makes an array, which the zod schemas refuse. A key spelled like an operator or
 * a nested object (brackets, or a leading `$`) is refused with 400 naming it
 * (`refuseOperatorQueryKeys`), rather than ignored as an unknown key.
 */

/** Operator objects and arrays as JSON, the shapes an attacker hopes the store will interpret. */
const OPERATORS: readonly unknown[] = [
  { $gt: "" },
  { $where: "sleep(1000)" },
  { $ne: null },
  ["x"],
  [{ $gt: "" }],
  { $regex: ".*" },
];
/** The same, spelled into a path segment (as a browser would percent-encode them). */
const OPERATOR_SEGMENTS = OPERATORS.map((operator) => encodeURIComponent(JSON.stringify(operator)));
const SAMPLE_IDS = ["some-report-id", "some-evidence-id", "some-thread-id", "some-comment-id"];
const ID_PARAMS = [":briefId", ":recId", ":sectorId", ":userId", ":token"];

const STORES: ReadonlyArray<{ kind: StoreKind; enabled: boolean }> = [
  { kind: "sqlite", enabled: true },
  { kind: "mongodb", enabled: Boolean(process.env.MONGODB_URL) },
];

for (const { kind, enabled } of STORES) {
  if (!enabled) {
    console.warn(
      `INJECTION SUITE ON ${kind.toUpperCase()} SKIPPED: MONGODB_URL is not set. Set it to run these cases against MongoDB.`,
    );
    describe.skip(`injection on ${kind} (SKIPPED: MONGODB_URL is not set)`, () => {
      it.skip("skipped: MONGODB_URL is not set", () => {});
    });
    continue;
  }
  describe(`injection on ${kind}`, () => {
    let server: ServerOnStore | undefined;
    beforeAll(async () => {
      server = await startServerOn(kind);
    });
    afterAll(async () => {
      await server?.close();
    });
    const url = () => {
      if (!server) throw new Error("the server did not start");
      return server.url;
    };

    /** A brief with a member, a sector, a recommendation with a body, a thread and a comment. */
    async function world() {
      const lead = await buildUser(url(), "Lena Lead");
      const editor = await buildUser(url(), "Eddie Editor");
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      const sector = await buildSector(lead, brief.id);
      const rec = await buildRecommendation(lead, brief.id, sector.id);
      await seedBody(lead, rec.id, "Seeded text.");
      const thread = await lead.post(`/api/briefs/${brief.id}/recommendations/${rec.id}/threads`, threadBody("Why?"));
      expect(thread.status).toBe(201);
      const invite = await lead.post(`/api/briefs/${brief.id}/invites`, { role: "viewer" });
      const ids = {
        briefId: brief.id,
        recId: rec.id,
        sectorId: sector.id,
        userId: editor.user!.id,
        token: invite.body.token as string,
      };
      return { lead, editor, ids };
    }

    /** Writes `text` into the recommendation's body as client 1 (so thread anchors can name its items). */
    async function seedBody(lead: ApiClient, recId: string, text: string): Promise<void> {
      const doc = new Y.Doc();
      doc.clientID = 1;
      const editor = openEditor(url(), lead.cookie!, recId, doc);
      try {
        await eventually(() => editor.provider.synced);
        const paragraph = new Y.XmlElement("paragraph"); // clock 0
        const xmlText = new Y.XmlText(); // clock 1
        paragraph.insert(0, [xmlText]);
        doc.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph]);
        xmlText.insert(0, text); // clocks 2…
        await eventually(async () => {
          const stored = await server!.server.collab.readDocument(recId);
          const body = stored.getXmlFragment(BODY_FRAGMENT).toString();
          stored.destroy();
          return body.includes(text);
        });
      } finally {
        editor.destroy();
      }
    }

    /** A thread on the first four characters of the seeded body. */
    function threadBody(body: string) {
      return {
        anchor: { from: { item: { client: 1, clock: 2 }, assoc: 0 }, to: { item: { client: 1, clock: 5 }, assoc: -1 } },
        quote: "Seed",
        body,
      };
    }

    /** Everything the lead can see of the brief (and how many briefs exist for them). */
    async function fingerprint(lead: ApiClient, ids: { briefId: string; recId: string }): Promise<unknown> {
      const base = `/api/briefs/${ids.briefId}`;
      const paths = [
        "/api/briefs",
        base,
        `${base}/members`,
        `${base}/sectors`,
        `${base}/recommendations`,
        `${base}/recommendations/${ids.recId}/threads`,
        `${base}/reports`,
      ];
      const answers = await Promise.all(paths.map((path) => lead.get(path)));
      // Presence and timestamps of reads are not state; everything else is compared whole.
      return JSON.parse(
        JSON.stringify(
          answers.map((answer) => answer.body),
          (key, value: unknown) => (key === "lastSeenAt" ? undefined : value),
        ),
      );
    }

    it("operator objects and arrays in every id path segment answer 400 or 404 and change nothing", async () => {
      const { lead, ids } = await world();
      const before = await fingerprint(lead, ids);
      const outcomes: Array<{ route: string; segment: string; status: number }> = [];
      for (const route of ROUTES) {
        const params = [...ID_PARAMS, ...SAMPLE_IDS].filter((param) => route.path.includes(param));
        for (const param of params) {
          for (const segment of OPERATOR_SEGMENTS) {
            const path = fill(route.path.split(param).join(segment), ids);
            const res = await lead.request(
              route.method,
              path,
              route.body === undefined ? undefined : fill(route.body, ids),
            );
            outcomes.push({ route: `${route.method} ${route.path} [${param}]`, segment, status: res.status });
          }
        }
      }
      console.log(`[injection:${kind}] ${outcomes.length} id path cases`);
      expect(outcomes.filter((outcome) => outcome.status !== 400 && outcome.status !== 404)).toEqual([]);
      expect(await fingerprint(lead, ids)).toEqual(before);
    });

    it("operator-shaped query parameters are refused with 400 naming the key, and arrays from repeated keys with 400", async () => {
      const { lead, ids } = await world();
      const base = `/api/briefs/${ids.briefId}`;
      const cases: Array<{ path: string; baseline: string; injected: string }> = [
        { path: `${base}/recommendations`, baseline: "", injected: "status[$ne]=x" },
        { path: `${base}/recommendations`, baseline: "", injected: "sectorId[$gt]=" },
        { path: `${base}/recommendations`, baseline: "", injected: "status[]=draft" },
        { path: `${base}/recommendations`, baseline: "", injected: "sectorId[$where]=sleep(1000)" },
        { path: `${base}/activity`, baseline: "limit=5", injected: "limit[$gt]=0" },
        { path: `${base}/activity`, baseline: "limit=5", injected: "recommendationId[$ne]=x" },
        { path: `${base}/evidence`, baseline: "q=trade", injected: "q[$regex]=.*" },
        { path: `${base}/evidence`, baseline: "q=trade", injected: "$where=sleep(1000)" },
      ];
      let count = 0;
      for (const { path, baseline, injected } of cases) {
        const res = await lead.get(`${path}?${[baseline, injected].filter(Boolean).join("&")}`);
        const key = decodeURIComponent(injected.slice(0, injected.indexOf("=")));
        expect({ injected, status: res.status, error: res.body?.error }).toEqual({
          injected,
          status: 400,
          error: { code: "invalid", message: `The query parameter ${JSON.stringify(key)} is not allowed.`, field: key },
        });
        count++;
      }
      // Repeating a key makes an array, which every query schema refuses.
      const arrays = [
        `${base}/recommendations?status=draft&status=approved`,
        `${base}/recommendations?sectorId=${ids.sectorId}&sectorId=${ids.sectorId}`,
        `${base}/activity?limit=5&limit=6`,
        `${base}/evidence?q=trade&q=tariff`,
      ];
      for (const path of arrays) {
        expect({ path, status: (await lead.get(path)).status }).toEqual({ path, status: 400 });
        count++;
      }
      console.log(`[injection:${kind}] ${count} query cases`);
    });

    it("operator objects and arrays in every body field answer 400 (404 for a sample id) and change nothing", async () => {
      const { lead, ids } = await world();
      const before = await fingerprint(lead, ids);
      const outcomes: Array<{ route: string; field: string; value: string; status: number }> = [];
      const bodies: Array<{ method: string; path: string; body: Record<string, unknown> }> = ROUTES.filter(
        (route) => route.body !== undefined,
      ).map((route) => ({
        method: route.method,
        path: route.path,
        body: fill(route.body, ids) as Record<string, unknown>,
      }));
      // Outside the brief: the unauthenticated bodies, the most tempting ones for a login bypass.
      bodies.push(
        { method: "POST", path: "/api/auth/login", body: { email: lead.user!.email, password: PASSWORD } },
        {
          method: "POST",
          path: "/api/auth/signup",
          body: { email: "new.person@example.org", name: "New Person", password: PASSWORD },
        },
      );
      for (const { method, path, body } of bodies) {
        for (const field of Object.keys(body)) {
          for (const operator of OPERATORS) {
            // Login and signup are tried without a session; every other route (the password change too) with one.
            const client = path === "/api/auth/login" || path === "/api/auth/signup" ? new ApiClient(url()) : lead;
            const res = await client.request(method, fill(path, ids), { ...body, [field]: operator });
            outcomes.push({ route: `${method} ${path}`, field, value: JSON.stringify(operator), status: res.status });
          }
        }
      }
      // One level down too: the anchor's item ids are the deepest user-supplied values.
      for (const operator of OPERATORS) {
        const nested = threadBody("x") as { anchor: { from: { item: Record<string, unknown> } } };
        nested.anchor.from.item.client = operator;
        const res = await lead.post(`/api/briefs/${ids.briefId}/recommendations/${ids.recId}/threads`, nested);
        outcomes.push({
          route: "POST threads",
          field: "anchor.from.item.client",
          value: JSON.stringify(operator),
          status: res.status,
        });
      }
      console.log(`[injection:${kind}] ${outcomes.length} body cases`);
      const allowed = (outcome: (typeof outcomes)[number]) =>
        outcome.status === 400 || (outcome.status === 404 && SAMPLE_IDS.some((id) => outcome.route.includes(id)));
      expect(outcomes.filter((outcome) => !allowed(outcome))).toEqual([]);
      expect(await fingerprint(lead, ids)).toEqual(before);
      // The login bypass in particular: still exactly one way in.
      expect(
        (await new ApiClient(url()).post("/api/auth/login", { email: lead.user!.email, password: { $ne: null } }))
          .status,
      ).toBe(400);
    });

    describe("script and markup in user-written fields stay text in the browser", () => {
      let browser: Browser | undefined;
      afterAll(async () => {
        await browser?.close();
      });

      it("briefs list, workspace, members and the recommendation's comment thread show them literally; nothing runs", async () => {
        // Each field gets its own marker, so that a failure says which field was not escaped.
        const payload = (field: string) =>
          `<script>alert("${field}")</script><img src=x onerror=alert("${field}")>${field}`;
        const lead = await buildUser(url(), "Lena Lead");
        const member = new ApiClient(url());
        const signedUp = await member.post("/api/auth/signup", {
          email: `member.${Date.now()}@example.org`,
          name: payload("member-name"),
          password: PASSWORD,
        });
        expect(signedUp.status).toBe(201);
        member.user = signedUp.body.user;
        const created = await lead.post("/api/briefs", {
          title: payload("brief-title"),
          description: payload("brief-description"),
        });
        expect(created.status).toBe(201);
        const briefId = created.body.brief.id as string;
        await addMember(lead, member, briefId, "editor");
        const sector = await buildSector(lead, briefId, payload("sector-name"));
        const rec = await buildRecommendation(lead, briefId, sector.id, payload("recommendation-title"));
        await seedBody(lead, rec.id, "Seeded text.");
        const thread = await member.post(
          `/api/briefs/${briefId}/recommendations/${rec.id}/threads`,
          threadBody(payload("comment-body")),
        );
        expect(thread.status).toBe(201);

        browser = await launchChromium();
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const [name, value] = (lead.cookie ?? "").split("=");
        await context.addCookies([{ name: name!, value: value!, url: url() }]);
        const page = await context.newPage();
        const dialogs: string[] = [];
        page.on("dialog", (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        const pageErrors: string[] = [];
        page.on("pageerror", (error) => pageErrors.push(error.message));

        const visits: Array<{ path: string; fields: string[]; open?: (page: Page) => Promise<void> }> = [
          { path: "/", fields: ["brief-title", "brief-description"] },
          {
            path: `/briefs/${briefId}`,
            fields: ["brief-title", "brief-description", "sector-name", "recommendation-title"],
          },
          { path: `/briefs/${briefId}/members`, fields: ["member-name"] },
          {
            path: `/briefs/${briefId}/recommendations/${rec.id}`,
            // The comment's author is the member: their name is shown with the comment.
            fields: ["recommendation-title", "comment-body", "member-name"],
            open: (page) => page.getByRole("tab", { name: /Comments/ }).click(),
          },
        ];
        let checked = 0;
        for (const { path, fields, open } of visits) {
          await page.goto(url() + path);
          await open?.(page);
          for (const field of fields) {
            // The whole payload, characters and all, is on the page as text.
            await page
              .getByText(payload(field), { exact: false })
              .filter({ visible: true })
              .first()
              .waitFor({ state: "visible", timeout: 10_000 });
            checked++;
          }
          await expectInert(page, path);
        }
        expect(dialogs).toEqual([]);
        expect(pageErrors).toEqual([]);
        console.log(`[injection:${kind}] ${checked} fields shown literally on ${visits.length} pages`);
        await context.close();
      }, 60_000);
    });
  });
}

/** No element was made from user data: no script that calls alert, no image with an onerror handler. */
async function expectInert(page: Page, path: string): Promise<void> {
  const found = await page.evaluate(() => ({
    scripts: Array.from(document.querySelectorAll("script"))
      .map((script) => script.textContent ?? "")
      .filter((text) => text.includes("alert(")),
    handlers: Array.from(document.querySelectorAll("[onerror], [onload], [onclick]")).map(
      (element) => element.outerHTML,
    ),
    images: Array.from(document.querySelectorAll('img[src="x"]')).length,
  }));
  expect({ path, ...found }).toEqual({ path, scripts: [], handlers: [], images: 0 });
}
