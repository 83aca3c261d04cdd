// The status machines hold against the real database (domain/reservations.ts, db/): a
// transition the machine forbids is refused with INVALID_TRANSITION and writes nothing, and
// the scheduler's guarded UPDATEs never move a row out of a status the machine does not list.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openProgramRunner, type ProgramRunner } from "../src/db/program.ts";
import { finishReservations, skipReservations } from "../src/db/reservations.ts";
import { graphql } from "./generated/index.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const Send = graphql(`
  mutation TransitionReserve($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { reservation { id } } } }
      ... on Error { code message }
    }
  }
`);

const Cancel = graphql(`
  mutation TransitionCancel($id: ID!) {
    cancelReservation(id: $id) {
      __typename
      ... on MutationCancelReservationSuccess { data { id status } }
      ... on InvalidTransitionError { code message from to }
    }
  }
`);

const SENDER = "0212345670";
let gw: TestGateway;
let projectId: string;
let runner: ProgramRunner;

const rowOf = (globalReservationId: string) =>
  gw.app.deps.db.reservation.findUniqueOrThrow({
    where: { id: Buffer.from(globalReservationId, "base64").toString().split(":")[1]! },
  });

async function reserve(minutes: number): Promise<string> {
  const localTime = DateTime.fromJSDate(gw.clock.now(), { zone: "Asia/Seoul" })
    .plus({ minutes: minutes + 1 })
    .toFormat("yyyy-MM-dd HH:mm");
  const res = await gw.gql(Send, {
    input: {
      projectId,
      from: SENDER,
      content: "상태 전이",
      recipients: { list: [{ to: "01011112222" }] },
      mode: "RESERVATION",
      reservation: { localTime, timeZone: "Asia/Seoul" },
    },
  });
  const r = res.data.sendMessage;
  if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
  return r.data.request.reservation!.id;
}

beforeAll(async () => {
  gw = await startGateway({ env: { SCHEDULER_POLL_MS: "50", DISPATCH_IDLE_MS: "20" } });
  const p = await project(gw, gw.demo.accountId, "Transitions");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  runner = openProgramRunner(gw.app.config.database, gw.app.deps.raw);
});
afterAll(async () => {
  await runner?.close();
  await gw?.stop();
});

describe("a transition the reservation machine forbids is refused and writes nothing", () => {
  it("cancelling a DONE reservation gives INVALID_TRANSITION (DONE → CANCELED) and leaves the row as it was", async () => {
    const id = await reserve(20);
    gw.clock.advance(22 * 60_000);
    try {
      await eventually(
        () => rowOf(id),
        (r) => r.status === "DONE",
        "reservation DONE",
      );
    } finally {
      gw.clock.advance(-22 * 60_000);
    }
    const before = await rowOf(id);
    const res = await gw.gql(Cancel, { id });
    expect(res.data.cancelReservation).toMatchObject({
      __typename: "InvalidTransitionError",
      code: "INVALID_TRANSITION",
      from: "DONE",
      to: "CANCELED",
    });
    expect(await rowOf(id)).toEqual(before);
  });

  it("the finishing UPDATE leaves a CANCELED reservation alone, though it has no unfinished message", async () => {
    const id = await reserve(60);
    expect((await gw.gql(Cancel, { id })).data.cancelReservation).toMatchObject({
      data: { status: "CANCELED" },
    });
    const before = await rowOf(id);
    // Without the machine's guard (PROCESSING only) a reservation with no successful
    // message would match "FAIL" here.
    const failed = await runner.transaction(() => finishReservations("FAIL", gw.clock.now()));
    expect(failed.map((r) => r.id)).not.toContain(before.id);
    // Nor does the SKIP update take a row that is not READY.
    await runner.transaction(() =>
      skipReservations([before.id], "PROJECT_DELETED", gw.clock.now()),
    );
    expect(await rowOf(id)).toEqual(before);
  });
});
