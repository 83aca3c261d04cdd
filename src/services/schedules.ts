// Recurring schedules (docs/reservations-and-schedules.md#schedules): create, update, delete (typing the code again), and the
// templates attached by sendMessage(mode: SCHEDULE). The scheduler (delivery/scheduler.ts)
// sends every attached template once per occurrence; this module keeps `nextOccurrenceAt`,
// the instant it waits for, in step with the rule.
import { DateTime } from "luxon";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from "../domain/errors.ts";
import {
  DEFAULT_TIME_ZONE,
  isValidTimeZone,
  nextOccurrence,
  occurrencesBetween,
  ruleOf,
  parseHourMinute,
  parseLocalDateTime,
  resolveLocal,
  type IsoWeekday,
} from "../domain/localTime.ts";
import { MAX_SCHEDULE_MONTHS } from "../domain/reservations.ts";
import type { Actor, Deps } from "./deps.ts";

const CODE = /^[A-Za-z0-9_-]{1,50}$/;
const MAX_DESCRIPTION = 1000;

export interface ScheduleFields {
  code: string;
  weekdays: IsoWeekday[];
  /** HH:mm */
  time: string;
  timeZone?: string | null;
  /** Local `yyyy-MM-dd HH:mm` in the schedule's zone; default: now. */
  startsAt?: string | null;
  /** Local `yyyy-MM-dd HH:mm` in the schedule's zone; at most 6 months after creation. */
  endsAt: string;
  description?: string | null;
}

interface CheckedFields {
  code: string;
  daysOfWeek: string;
  time: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  description: string;
}

/** Validates a complete set of fields; `createdAt` bounds the end of the active period. */
function checkFields(f: ScheduleFields, createdAt: Date, now: Date): CheckedFields {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) =>
    issues.push({ path: ["input", field], message });
  const code = f.code.trim();
  if (!CODE.test(code)) issue("code", "The code is 1–50 letters, digits, - or _");
  const days = [...new Set(f.weekdays)].sort();
  if (!days.length) issue("weekdays", "Pick at least one weekday (all seven for every day)");
  const time = parseHourMinute(f.time);
  if (!time.ok) issue("time", time.reason);
  const timeZone = f.timeZone?.trim() || DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone))
    issue("timeZone", `"${timeZone}" is not an IANA time zone (e.g. Asia/Seoul, Europe/Berlin)`);
  const description = f.description ?? "";
  if (description.length > MAX_DESCRIPTION)
    issue("description", `At most ${MAX_DESCRIPTION} characters`);
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join("; "), issues);

  const local = (field: "startsAt" | "endsAt", text: string) => {
    const parsed = parseLocalDateTime(text);
    if (!parsed.ok) throw ValidationError.field(["input", field], parsed.reason);
    return resolveLocal(parsed.value, timeZone);
  };
  const startsAt = f.startsAt ? local("startsAt", f.startsAt) : now;
  const endsAt = local("endsAt", f.endsAt);
  const latestEnd = DateTime.fromJSDate(createdAt, { zone: timeZone })
    .plus({ months: MAX_SCHEDULE_MONTHS })
    .toJSDate();
  if (endsAt <= startsAt) issue("endsAt", "The active period must end after it starts");
  else if (endsAt > latestEnd)
    issue(
      "endsAt",
      `The active period ends at most ${MAX_SCHEDULE_MONTHS} months after the schedule was created (latest: ${DateTime.fromJSDate(latestEnd, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm")} ${timeZone})`,
    );
  else if (endsAt <= now) issue("endsAt", "The active period is already over");
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join("; "), issues);
  return {
    code,
    daysOfWeek: days.join(","),
    time: f.time.trim(),
    timeZone,
    startsAt,
    endsAt,
    description,
  };
}

/** The first occurrence the scheduler should wait for: the next one after now (none before the start). */
function firstPending(fields: CheckedFields, now: Date): Date | null {
  return nextOccurrence(
    ruleOf(fields),
    new Date(Math.max(now.getTime(), fields.startsAt.getTime() - 1)),
  );
}

async function liveProjectId(deps: Deps, actor: Actor, projectId: string): Promise<string> {
  const project = await deps.db.project.findFirst({
    where: { id: projectId, accountId: actor.accountId, deletedAt: null },
    select: { id: true },
  });
  if (!project) throw new NotFoundError("Project", projectId);
  return project.id;
}

export async function getSchedule(deps: Pick<Deps, "db">, actor: Actor, scheduleId: string) {
  const schedule = await deps.db.schedule.findFirst({
    where: { id: scheduleId, accountId: actor.accountId, project: { deletedAt: null } },
  });
  if (!schedule) throw new NotFoundError("Schedule", scheduleId);
  return schedule;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === "P2002";

export async function createSchedule(
  deps: Deps,
  actor: Actor,
  projectId: string,
  input: ScheduleFields,
) {
  const now = deps.clock.now();
  const project = await liveProjectId(deps, actor, projectId);
  const fields = checkFields(input, now, now);
  if (
    await deps.db.schedule.findFirst({
      where: { projectId: project, code: fields.code },
      select: { id: true },
    })
  ) {
    throw new ConflictError(`This project already has a schedule with code ${fields.code}`);
  }
  try {
    return await deps.db.schedule.create({
      data: {
        ...fields,
        accountId: actor.accountId,
        projectId: project,
        nextOccurrenceAt: firstPending(fields, now),
        createdAt: now,
        updatedAt: now,
      },
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`This project already has a schedule with code ${fields.code}`);
    throw err;
  }
}

/** Any field may change; the occurrences still to come follow the new rule from now on. */
export async function updateSchedule(
  deps: Deps,
  actor: Actor,
  scheduleId: string,
  input: Partial<ScheduleFields>,
) {
  const now = deps.clock.now();
  const current = await getSchedule(deps, actor, scheduleId);
  const zone = input.timeZone?.trim() || current.timeZone;
  const fmt = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm");
  const merged: ScheduleFields = {
    code: input.code ?? current.code,
    weekdays: input.weekdays ?? (current.daysOfWeek.split(",").map(Number) as IsoWeekday[]),
    time: input.time ?? current.time,
    timeZone: zone,
    startsAt: input.startsAt ?? fmt(current.startsAt),
    endsAt: input.endsAt ?? fmt(current.endsAt),
    description: input.description ?? current.description,
  };
  const fields = checkFields(merged, current.createdAt, now);
  if (
    fields.code !== current.code &&
    (await deps.db.schedule.findFirst({
      where: { projectId: current.projectId, code: fields.code },
      select: { id: true },
    }))
  ) {
    throw new ConflictError(`This project already has a schedule with code ${fields.code}`);
  }
  try {
    // Occurrences up to now belong to the old rule (one already due is still sent); later ones follow the new rule.
    const due =
      current.nextOccurrenceAt && current.nextOccurrenceAt <= now ? current.nextOccurrenceAt : null;
    const next = due ?? firstPending(fields, now);
    return await deps.db.schedule.update({
      where: { id: current.id },
      data: { ...fields, nextOccurrenceAt: current.active ? next : null, updatedAt: now },
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError(`This project already has a schedule with code ${fields.code}`);
    throw err;
  }
}

/**
 * Deletes a schedule, its templates and its occurrence records. The caller types the code
 * again (docs/reservations-and-schedules.md#schedules). Requests the occurrences produced stay in the message history.
 */
export async function deleteSchedule(
  deps: Deps,
  actor: Actor,
  scheduleId: string,
  confirmCode: string,
) {
  const schedule = await getSchedule(deps, actor, scheduleId);
  if (confirmCode.trim() !== schedule.code) {
    throw ValidationError.field(
      ["confirmCode"],
      `Type the schedule's code (${schedule.code}) to confirm deleting it`,
    );
  }
  await deps.db.$transaction(async (tx) => {
    const templates = await tx.scheduleTemplate.findMany({
      where: { scheduleId: schedule.id },
      select: { requestId: true },
    });
    await tx.schedule.delete({ where: { id: schedule.id } });
    await tx.messageRequest.deleteMany({
      where: { id: { in: templates.map((t) => t.requestId) } },
    });
  });
  return schedule;
}

export async function getTemplate(deps: Deps, actor: Actor, templateId: string) {
  const template = await deps.db.scheduleTemplate.findFirst({
    where: {
      id: templateId,
      accountId: actor.accountId,
      schedule: { project: { deletedAt: null } },
    },
  });
  if (!template) throw new NotFoundError("ScheduleTemplate", templateId);
  return template;
}

/** Stops sending a template at later occurrences; its past occurrences stay listed. */
export async function detachTemplate(deps: Deps, actor: Actor, templateId: string) {
  const template = await getTemplate(deps, actor, templateId);
  if (template.detachedAt) return template;
  return deps.db.scheduleTemplate.update({
    where: { id: template.id },
    data: { detachedAt: deps.clock.now() },
  });
}

/** Removes a template and its occurrence records; requests it produced stay in the history. */
export async function deleteTemplate(deps: Deps, actor: Actor, templateId: string) {
  const template = await getTemplate(deps, actor, templateId);
  await deps.db.$transaction([
    deps.db.scheduleTemplate.delete({ where: { id: template.id } }),
    deps.db.messageRequest.delete({ where: { id: template.requestId } }),
  ]);
  return template;
}

/** The next `count` occurrence instants from now (or from the pending one, if the scheduler is behind). */
export function upcomingOccurrences(
  schedule: {
    daysOfWeek: string;
    time: string;
    timeZone: string;
    startsAt: Date;
    endsAt: Date;
    nextOccurrenceAt: Date | null;
    active: boolean;
  },
  count: number,
  now: Date,
): Date[] {
  if (!schedule.active || !schedule.nextOccurrenceAt) return [];
  const rule = ruleOf(schedule);
  const from = new Date(Math.min(schedule.nextOccurrenceAt.getTime(), now.getTime()) - 1);
  return occurrencesBetween(rule, from, rule.endsAt, Math.max(0, Math.min(count, 100)));
}
