import { Router, type Request, type Response } from "express";
import { acceptInvite, findOpenInvite } from "../../commands/acceptInvite.js";
import type { CommandContext } from "../../commands/context.js";
import { NotFoundError } from "../../errors.js";
import type { Sessions } from "../../auth/Sessions.js";
import { currentUser, requireUser } from "../middleware.js";

/**
 * The invite preview answers without a session (the token is the secret), so a
 * logged-out invitee sees which brief they are joining before they sign up.
 */
export function invitesRouter(ctx: CommandContext, sessions: Sessions): Router {
  const router = Router();
  const { store } = ctx;

  // What the invitee sees before joining: the brief's title, the role, who invited them and,
  // for a bound invite, the e-mail it admits.
  router.get("/invites/:token", async (req: Request<{ token: string }>, res: Response) => {
    const invite = await findOpenInvite(store, req.params.token);
    const [brief, inviter] = await Promise.all([store.getBrief(invite.briefId), store.getUser(invite.createdBy)]);
    if (!brief) throw new NotFoundError("invite");
    // `email` only when the invite is bound to one, so that the page can say for whom it is.
    res.json({
      briefId: brief.id,
      briefTitle: brief.title,
      role: invite.role,
      invitedBy: inviter?.name ?? "",
      ...(invite.email !== null ? { email: invite.email } : {}),
    });
  });

  router.post(
    "/invites/:token/accept",
    requireUser(sessions),
    async (req: Request<{ token: string }>, res: Response) => {
      res.json(await acceptInvite(ctx, currentUser(res), req.params.token));
    },
  );

  return router;
}
