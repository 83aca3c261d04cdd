// Replay (docs/webhooks.md#replay): both cursors of an endpoint move back, and the epoch
// bump takes away the right of deliveries in flight to move them. The two logs have seqs of
// their own, so a starting point in one is mapped to the other by time: the other log is
// delivered again from its first event recorded at or after the starting event's time.
// When that is beyond the other log's end, its cursor stays where it is.
import {
  projectEventHead,
  projectEventSeqBefore,
  projectEventTimeFrom,
} from "../db/projectEvents.ts";
import { projectHead, rewindEndpoint, seqBefore, statusEventTimeFrom } from "../db/webhooks.ts";
import { ValidationError } from "../domain/errors.ts";
import type { Actor, Deps } from "../services/deps.ts";
import { endpointChanged, getEndpoint } from "./endpoints.ts";

export interface ReplayFrom {
  /** The first message status event seq to deliver again. */
  fromSeq?: number | null;
  /** The first project event seq to deliver again. */
  fromProjectSeq?: number | null;
  fromTime?: Date | null;
}

function check(from: ReplayFrom): void {
  const bySeq = from.fromSeq != null || from.fromProjectSeq != null;
  if (bySeq === (from.fromTime != null))
    throw ValidationError.field(
      ["input"],
      "Give fromTime, or fromSeq and/or fromProjectSeq (not both kinds)",
    );
  for (const key of ["fromSeq", "fromProjectSeq"] as const) {
    const v = from[key];
    if (v != null && (!Number.isInteger(v) || v < 1))
      throw ValidationError.field(["input", key], `${key} must be 1 or more`);
  }
}

/** Delivers again from the given point(s), in each log's seq order. */
export async function replayEndpoint(deps: Deps, actor: Actor, id: string, from: ReplayFrom) {
  check(from);
  const e = await getEndpoint(deps, actor, id);
  const { db } = deps;
  const heads = {
    status: await projectHead(db, e.projectId),
    project: await projectEventHead(db, e.projectId),
  };
  const byTime = async (at: Date | null) => ({
    status: at ? ((await seqBefore(db, e.projectId, at)) ?? heads.status) : null,
    project: at ? ((await projectEventSeqBefore(db, e.projectId, at)) ?? heads.project) : null,
  });
  let status: number | null;
  let project: number | null;
  if (from.fromTime != null) {
    ({ status, project } = await byTime(from.fromTime));
  } else {
    status = from.fromSeq != null ? Math.min(from.fromSeq - 1, heads.status) : null;
    project = from.fromProjectSeq != null ? Math.min(from.fromProjectSeq - 1, heads.project) : null;
    if (project === null)
      project = (await byTime(await statusEventTimeFrom(db, e.projectId, from.fromSeq!))).project;
    if (status === null)
      status = (await byTime(await projectEventTimeFrom(db, e.projectId, from.fromProjectSeq!)))
        .status;
  }
  const endpoint = await rewindEndpoint(
    db,
    id,
    {
      cursorSeq: status ?? Math.min(e.cursorSeq, heads.status),
      projectCursorSeq: project ?? Math.min(e.projectCursorSeq, heads.project),
    },
    deps.clock.now(),
  );
  endpointChanged(deps, endpoint);
  return endpoint;
}
