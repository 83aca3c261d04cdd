// One attempt at the carrier: the message as the carrier sees it, the SendContext it gets,
// and the answer mapped to an outcome — a timeout or a throw become gateway results, a
// safe stop (CarrierInterrupted) becomes null so the message is released for another attempt.
import type { ClaimedMessage, MessageOutcome } from "../../db/messages.ts";
import type { DeliveryRequest } from "../../db/requests.ts";
import { RESULT_CODES, type ResultCode } from "../../domain/resultCodes.ts";
import { CarrierInterrupted, type CarrierMessage, type SendContext } from "../carrier.ts";
import type { DispatchContext } from "./context.ts";
import { stopDelivery, type Delivery } from "./leases.ts";

export interface CarrierCall {
  delivery: Delivery;
  request: DeliveryRequest;
  saveRef: SendContext["saveRef"];
  loadFile: NonNullable<SendContext["loadFile"]>;
  timeoutMs: number;
}

const gatewayOutcome = (code: ResultCode, at: Date): MessageOutcome => ({
  result: "FAIL",
  code: code.code,
  message: code.message,
  telcoCode: null,
  completeTime: at,
});

function carrierMessage(m: ClaimedMessage, request: DeliveryRequest): CarrierMessage {
  return {
    id: m.id,
    type: request.type,
    contentType: request.contentType,
    countryCode: m.countryCode,
    from: request.effectiveFrom,
    senderNumber: request.from,
    to: m.to,
    subject: m.subject,
    content: m.content,
    files: request.files,
    carrierRef: m.carrierMessageId,
  };
}

/** Calls the carrier exactly once for this attempt; a late answer after the timeout is ignored. */
export async function callCarrier(
  ctx: DispatchContext,
  call: CarrierCall,
): Promise<MessageOutcome | null> {
  const { delivery } = call;
  const sendContext: SendContext = {
    saveRef: call.saveRef,
    loadFile: call.loadFile,
    get signal() {
      if (!delivery.abort) {
        delivery.abort = new AbortController();
        if (delivery.stopped) delivery.abort.abort();
      }
      return delivery.abort.signal;
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(() => resolve(null), call.timeoutMs)),
  );
  try {
    const send = ctx.deps.carrier.send(carrierMessage(delivery.message, call.request), sendContext);
    const outcome = await Promise.race([send, timeout]);
    if (outcome) return outcome;
    stopDelivery(delivery);
    return gatewayOutcome(RESULT_CODES.CARRIER_TIMEOUT, ctx.deps.clock.now());
  } catch (err) {
    if (err instanceof CarrierInterrupted) return null;
    ctx.deps.logger.warn({ err, messageId: delivery.message.id }, "carrier refused a message");
    return gatewayOutcome(RESULT_CODES.CARRIER_REJECTED, ctx.deps.clock.now());
  } finally {
    clearTimeout(timer);
  }
}
