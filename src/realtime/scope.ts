// Who may watch what: turns the ids a subscriber names (a project, a request or a message)
// into an event scope inside the caller's account. Another account's id is reported
// exactly like a missing one, so subscriptions leak nothing.
import type { Db } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type { Actor } from "../services/deps.ts";
import type { EventScope } from "./events.ts";

export interface ScopeTarget {
  projectId?: string | null | undefined;
  requestId?: string | null | undefined;
  messageId?: string | null | undefined;
}

export async function resolveScope(db: Db, actor: Actor, target: ScopeTarget): Promise<EventScope> {
  const given = [target.projectId, target.requestId, target.messageId].filter(
    (v) => v != null,
  ).length;
  if (given !== 1)
    throw new ValidationError("Give exactly one of projectId, requestId or messageId");
  const { accountId } = actor;
  if (target.projectId) {
    const project = await db.project.findFirst({
      where: { id: target.projectId, accountId, deletedAt: null },
      select: { id: true },
    });
    if (!project) throw new NotFoundError("Project", target.projectId);
    return { accountId, projectId: project.id };
  }
  if (target.requestId) {
    const request = await db.messageRequest.findFirst({
      where: { id: target.requestId, accountId },
      select: { id: true, projectId: true },
    });
    if (!request) throw new NotFoundError("MessageRequest", target.requestId);
    return { accountId, projectId: request.projectId, requestId: request.id };
  }
  const message = await db.message.findFirst({
    where: { id: target.messageId!, accountId },
    select: { id: true, projectId: true, requestId: true },
  });
  if (!message) throw new NotFoundError("Message", target.messageId!);
  return {
    accountId,
    projectId: message.projectId,
    requestId: message.requestId,
    messageId: message.id,
  };
}
