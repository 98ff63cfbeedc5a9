import { randomUUID } from "node:crypto";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A REST client holding one user's session cookie, as a browser would. */
export class ApiClient {
  cookie: string | null = null;
  user: { id: string; email: string; name: string } | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie?.startsWith("accord_session=")) {
      const value = setCookie.split(";")[0]!;
      this.cookie = value === "accord_session=" ? null : value;
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>("POST", path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>("PATCH", path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>("DELETE", path);
  }
}

export const PASSWORD = "correct horse battery";

/** Signs a new, unique user up and returns their logged-in client. */
export async function buildUser(baseUrl: string, name = "Ana Analyst"): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${randomUUID().slice(0, 8)}@example.org`;
  const res = await client.post("/api/auth/signup", { email, name, password: PASSWORD });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  client.user = res.body.user;
  return client;
}

function expectStatus(res: ApiResponse, status: number, what: string): void {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

export async function buildBrief(lead: ApiClient, title = "US–Mexico trade under the USMCA") {
  const res = await lead.post("/api/briefs", { title, description: "A test brief" });
  expectStatus(res, 201, "create brief");
  return res.body.brief as { id: string; title: string };
}

export async function buildSector(lead: ApiClient, briefId: string, name = "Energy") {
  const res = await lead.post(`/api/briefs/${briefId}/sectors`, { name });
  expectStatus(res, 201, "create sector");
  return res.body.sector as { id: string; name: string; position: number };
}

export async function buildRecommendation(
  client: ApiClient,
  briefId: string,
  sectorId: string,
  title = "Build cross-border grid links",
) {
  const res = await client.post(`/api/briefs/${briefId}/recommendations`, { sectorId, title });
  expectStatus(res, 201, "create recommendation");
  return res.body.recommendation as { id: string; title: string; status: string };
}

/** Invites `member` into the brief with `role` through a real invite link. */
export async function addMember(lead: ApiClient, member: ApiClient, briefId: string, role: string): Promise<void> {
  const invite = await lead.post(`/api/briefs/${briefId}/invites`, { role });
  expectStatus(invite, 201, "create invite");
  const accepted = await member.post(`/api/invites/${invite.body.token}/accept`);
  expectStatus(accepted, 200, "accept invite");
}
