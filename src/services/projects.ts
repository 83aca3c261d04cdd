// Projects: create, update, list, delete. Delete is a soft delete that cascades in one
// transaction (README "Deleting a project"): READY reservations end SKIP, schedules stop,
// the 080 service is terminated and its opt-out list wiped, REST access keys are revoked.
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import { reservationNotice } from "../realtime/pubsub.ts";
import { appendProjectEventsTx } from "../db/projectEvents.ts";
import { projectEventsOf } from "../domain/projectEvents.ts";
import type { Actor, Deps } from "./deps.ts";
import { stopOptOutServicesOfProject } from "./optOut.ts";
import { liveProject } from "./tenancy.ts";

export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 1000;

function cleanName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > PROJECT_NAME_MAX) {
    throw ValidationError.field(
      ["name"],
      `Project name must be 1–${PROJECT_NAME_MAX} characters (got ${n.length})`,
    );
  }
  return n;
}

function cleanDescription(d: string): string {
  if (d.length > PROJECT_DESCRIPTION_MAX) {
    throw ValidationError.field(
      ["description"],
      `Description must be at most ${PROJECT_DESCRIPTION_MAX} characters (got ${d.length})`,
    );
  }
  return d;
}

/** Where-clause for "this caller's live project". Every project lookup goes through it. */

export async function getProject(deps: Deps, actor: Actor, id: string) {
  const project = await deps.db.project.findFirst({ where: liveProject(actor, id) });
  if (!project) throw new NotFoundError("Project", id);
  return project;
}

export async function createProject(
  deps: Deps,
  actor: Actor,
  input: { name: string; description?: string | null },
) {
  return deps.db.project.create({
    data: {
      accountId: actor.accountId,
      name: cleanName(input.name),
      description: cleanDescription(input.description ?? ""),
    },
  });
}

export async function updateProject(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { name?: string | null; description?: string | null },
) {
  const data: { name?: string; description?: string } = {};
  if (input.name != null) data.name = cleanName(input.name);
  if (input.description != null) data.description = cleanDescription(input.description);
  await getProject(deps, actor, id);
  return deps.db.project.update({ where: { id }, data });
}

export interface ProjectDeletion {
  projectId: string;
  skippedReservations: number;
  deactivatedSchedules: number;
  stoppedOptOutServices: number;
}

export async function deleteProject(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<ProjectDeletion> {
  const now = deps.clock.now();
  const { deletion, notices } = await deps.db.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: liveProject(actor, id) });
    if (!project) throw new NotFoundError("Project", id);
    await tx.project.update({ where: { id }, data: { deletedAt: now } });
    const skipped = await tx.reservation.findMany({
      where: { projectId: id, status: "READY" },
      select: { id: true, requestId: true },
    });
    await tx.reservation.updateMany({
      where: { id: { in: skipped.map((r) => r.id) } },
      data: { status: "SKIP", statusReason: "PROJECT_DELETED", finishedAt: now },
    });
    const schedules = await tx.schedule.updateMany({
      where: { projectId: id, active: true },
      data: { active: false, nextOccurrenceAt: null },
    });
    const stoppedOptOutServices = await stopOptOutServicesOfProject(tx, id, now);
    await tx.projectAccessKey.updateMany({
      where: { projectId: id, revokedAt: null },
      data: { revokedAt: now },
    });
    const notices = skipped.map((r) =>
      reservationNotice(
        { ...r, accountId: actor.accountId, projectId: id },
        "SKIP",
        "PROJECT_DELETED",
        now,
      ),
    );
    // Logged last, in the same transaction (docs/webhooks.md#the-project-event-log).
    await appendProjectEventsTx(tx, projectEventsOf(notices));
    return {
      notices,
      deletion: {
        projectId: id,
        skippedReservations: skipped.length,
        deactivatedSchedules: schedules.count,
        stoppedOptOutServices,
      },
    };
  });
  // Subscribers of those reservations hear that they ended.
  deps.pubsub.publishNotices(notices);
  return deletion;
}
