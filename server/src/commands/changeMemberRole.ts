import type { Member, Role, User } from "@accord/domain";
import { ConflictError, NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";

/** A brief always keeps at least one lead, or nobody could manage it again. */
async function assertAnotherLead(ctx: CommandContext, briefId: string, userId: string): Promise<void> {
  const members = await ctx.store.listMembers(briefId);
  const otherLeads = members.filter((m) => m.role === "lead" && m.userId !== userId);
  if (otherLeads.length === 0) throw new ConflictError("A brief needs at least one lead.", "role");
}

export async function changeMemberRole(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  const current = await ctx.store.getMembership(briefId, userId);
  if (!current) throw new NotFoundError("member");
  if (current.role === "lead" && role !== "lead") await assertAnotherLead(ctx, briefId, userId);
  await ctx.store.putMember(briefId, userId, role);
  const member = (await ctx.store.listMembers(briefId)).find((m) => m.userId === userId);
  if (!member) throw new NotFoundError("member");
  ctx.notify.memberUpdated(briefId, userId, role);
  // Their open documents of this brief were authorized with the old role: they reconnect (4509).
  if (role !== current.role) {
    for (const recommendation of await ctx.store.listRecommendations(briefId)) {
      ctx.documents.recheck({ docName: recommendation.id, userId });
    }
    await recordActivity(ctx, {
      briefId,
      recommendationId: null,
      actorId: actor.id,
      type: "member.role_changed",
      data: { userId, name: member.name, from: current.role, to: role },
    });
  }
  return member;
}

export async function removeMember(ctx: CommandContext, actor: User, briefId: string, userId: string): Promise<void> {
  const current = (await ctx.store.listMembers(briefId)).find((m) => m.userId === userId);
  if (!current) throw new NotFoundError("member");
  if (current.role === "lead") await assertAnotherLead(ctx, briefId, userId);
  await ctx.store.removeMember(briefId, userId);
  ctx.notify.memberUpdated(briefId, userId, null);
  // Final (4403), not "reconnect and be checked" (4509): a reconnect would be refused with 403
  // at the upgrade, and y-websocket retries a refused upgrade forever. Only this brief's
  // documents: the person may still be a member of others.
  for (const recommendation of await ctx.store.listRecommendations(briefId)) {
    ctx.documents.revoke({ docName: recommendation.id, userId });
  }
  // After memberUpdated moved their sockets out of the brief's room: the removed member is not told.
  await recordActivity(ctx, {
    briefId,
    recommendationId: null,
    actorId: actor.id,
    type: "member.removed",
    data: { userId, name: current.name, role: current.role },
  });
}
