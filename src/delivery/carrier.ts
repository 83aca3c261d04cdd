// The carrier interface: what the gateway hands a message to. `simulated` is the default;
// a SENS-forwarding carrier implements the same interface.

export interface CarrierMessage {
  /** Our message id (or a verification id); carriers use it for idempotency. */
  id: string;
  type: "SMS" | "LMS" | "MMS";
  countryCode: string;
  from: string;
  to: string;
  subject?: string | null;
  content: string;
}

export interface CarrierOutcome {
  result: "SUCCESS" | "FAIL";
  /** Carrier result code; "0" is success. */
  code: string;
  message: string;
  telcoCode: string | null;
  completeTime: Date;
}

export interface Carrier {
  readonly name: string;
  send(message: CarrierMessage): Promise<CarrierOutcome>;
}
