// Structured JSON logs (pino). One root logger per app; request handlers derive children
// carrying the request id so every line of one request can be found together.
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "sms-gateway" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "apiKey", "secret"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
