// The SENS SMS API v2 endpoints under /sms/v2/services/{serviceId}, in the order they are
// matched. Each turns the wire format into a call of the same service GraphQL uses, and the
// result back into SENS's response; no rule is checked there that the services do not
// already check.
import type { SensRoute } from "./sensRoute.ts";
import {
  cancelReserved,
  getMessage,
  listMessages,
  reserveStatus,
  send,
  uploadFile,
} from "./sensMessageRoutes.ts";
import { addUnsubscribes, deleteUnsubscribes, listUnsubscribes } from "./sensUnsubscribeRoutes.ts";

export const SENS_ROUTES: readonly SensRoute[] = [
  send,
  listMessages,
  getMessage,
  reserveStatus,
  cancelReserved,
  uploadFile,
  addUnsubscribes,
  listUnsubscribes,
  deleteUnsubscribes,
];
