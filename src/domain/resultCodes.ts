// The result-code table a COMPLETED message can carry. "0" is success; 3xxx are carrier
// codes (the simulated carrier uses the same ones); 9xxx are decided by the gateway itself
// and never reach a carrier. docs/delivery-and-results.md#result-codes prints the table, and
// test/docs.test.ts fails when a code here is missing from docs/.

export interface ResultCode {
  code: string;
  result: "SUCCESS" | "FAIL";
  message: string;
  origin: "carrier" | "gateway";
}

export const RESULT_CODES = {
  SUCCESS: { code: "0", result: "SUCCESS", message: "success", origin: "carrier" },
  UNREACHABLE: {
    code: "3018",
    result: "FAIL",
    message: "Recipient handset unreachable",
    origin: "carrier",
  },
  NUMBER_NOT_IN_SERVICE: {
    code: "3006",
    result: "FAIL",
    message: "Number not in service",
    origin: "carrier",
  },
  SPAM_BLOCKED: {
    code: "3023",
    result: "FAIL",
    message: "Blocked by the carrier's spam filter",
    origin: "carrier",
  },
  OPTED_OUT: {
    code: "9001",
    result: "FAIL",
    message: "Recipient is on the project's opt-out list",
    origin: "gateway",
  },
  NIGHT_TIME_BLOCKED: {
    code: "9002",
    result: "FAIL",
    message: "AD message blocked by the night-time rule (21:00–08:00 KST)",
    origin: "gateway",
  },
  CARRIER_TIMEOUT: {
    code: "9003",
    result: "FAIL",
    message: "Carrier did not answer in time",
    origin: "gateway",
  },
  SENDER_NOT_APPROVED: {
    code: "9004",
    result: "FAIL",
    message: "Sender number is no longer approved",
    origin: "gateway",
  },
  CARRIER_REJECTED: {
    code: "9005",
    result: "FAIL",
    message: "Carrier refused the message",
    origin: "gateway",
  },
  /** The request may have reached the carrier (it timed out or the connection broke after it was sent): never resent, as a second copy is worse than a missing one. */
  UNKNOWN_OUTCOME: {
    code: "9006",
    result: "FAIL",
    message: "Carrier outcome unknown: the message may have been sent, so it was not resent",
    origin: "gateway",
  },
  /** The carrier answered "busy" (429) or "broken" (5xx) on every try: it certainly did not take the message. */
  CARRIER_UNAVAILABLE: {
    code: "9007",
    result: "FAIL",
    message: "Carrier unavailable: the message was not sent",
    origin: "gateway",
  },
} as const satisfies Record<string, ResultCode>;
