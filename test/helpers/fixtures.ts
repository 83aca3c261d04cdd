// Test fixtures that stand in for what other features produce: an APPROVED sender number, a
// COMPLETE 080 service, opted-out numbers, and JPEG bytes with real headers.
import type { TestGateway } from "./harness.ts";

export async function approvedSender(gw: TestGateway, accountId: string, number = "0212345678") {
  return gw.app.deps.db.senderNumber.create({
    data: { accountId, number, method: "SMS", status: "APPROVED", approvedAt: new Date() },
  });
}

export async function project(gw: TestGateway, accountId: string, name = "Project") {
  return gw.app.deps.db.project.create({ data: { accountId, name } });
}

export async function completeOptOutService(
  gw: TestGateway,
  accountId: string,
  projectId: string,
  number080 = "0801234567",
  optedOut: string[] = [],
) {
  const service = await gw.app.deps.db.optOutService.create({
    data: {
      accountId,
      projectId,
      companyName: "Acme",
      status: "COMPLETE",
      number080,
      completedAt: new Date(),
      billingStartAt: new Date(),
    },
  });
  for (const number of optedOut) {
    await gw.app.deps.db.optOutNumber.create({
      data: { accountId, projectId, serviceId: service.id, number, source: "MANUAL" },
    });
  }
  return service;
}

/** A JPEG with SOI, JFIF APP0 and SOF0 headers of the given size, padded to `bytes`. */
export function jpeg(width: number, height: number, bytes = 1024): Uint8Array<ArrayBuffer> {
  const head = [
    0xff,
    0xd8, // SOI
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00, // APP0 JFIF
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    (height >> 8) & 0xff,
    height & 0xff,
    (width >> 8) & 0xff,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01, // SOF0: 3 components
  ];
  const out = new Uint8Array(new ArrayBuffer(Math.max(bytes, head.length + 2)));
  out.set(head);
  out.set([0xff, 0xd9], out.length - 2); // EOI
  return out;
}

export const globalId = (type: string, id: string) =>
  Buffer.from(`${type}:${id}`).toString("base64");
