import { Router, type Request, type Response } from "express";
import { createInviteSchema, updateMemberSchema } from "@accord/domain";
import { changeMemberRole, removeMember } from "../../commands/changeMemberRole.js";
import { createInvite } from "../../commands/createInvite.js";
import { listInvites, revokeInvite } from "../../commands/listInvites.js";
import type { CommandContext } from "../../commands/context.js";
import { authorize, loadBriefAccess } from "../access.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";

type MemberParams = { briefId: string; userId: string };

export function membersRouter(ctx: CommandContext, publicUrl: () => string): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/briefs/:briefId/members", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "member.list");
    res.json({ members: await store.listMembers(access.brief.id) });
  });

  router.patch("/briefs/:briefId/members/:userId", async (req: Request<MemberParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "member.manage");
    const { role } = parse(updateMemberSchema, req.body);
    const member = await changeMemberRole(ctx, currentUser(res), access.brief.id, req.params.userId, role);
    res.json({ member });
  });

  router.delete("/briefs/:briefId/members/:userId", async (req: Request<MemberParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "member.manage");
    await removeMember(ctx, currentUser(res), access.brief.id, req.params.userId);
    res.status(204).end();
  });

  router.post("/briefs/:briefId/invites", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "invite.create");
    const { role, email } = parse(createInviteSchema, req.body);
    const invite = await createInvite(store, currentUser(res), {
      briefId: access.brief.id,
      role,
      email,
      publicUrl: publicUrl(),
    });
    res.status(201).json(invite);
  });

  // Whoever may hand out links may see and withdraw the ones still open (leads).
  router.get("/briefs/:briefId/invites", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "invite.create");
    res.json({ invites: await listInvites(store, access.brief.id) });
  });

  router.delete(
    "/briefs/:briefId/invites/:inviteId",
    async (req: Request<{ briefId: string; inviteId: string }>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "invite.create");
      await revokeInvite(store, access.brief.id, req.params.inviteId);
      res.status(204).end();
    },
  );

  return router;
}
