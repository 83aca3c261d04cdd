// The Webhooks screen's strings. `en` is the source of the keys; `ko` and `ja`
// (messages.ko.ts, messages.ja.ts) are typed so that they must have exactly the same ones.
type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export const en = {
  nav: "Webhooks",
  title: "Webhooks",
  intro:
    "A webhook endpoint is a URL of yours that receives the project's status events as signed POST requests, in order, at least once. Each request carries a webhook-signature header your receiver checks with the endpoint's signing secret.",
  noProject: "You have no project yet: create one first.",
  project: "Project",
  projectHint: "Each project has its own endpoints (at most 10).",
  refresh: "Refresh",
  listTitle: "Endpoints of {{name}}",
  empty: "This project has no webhook endpoints yet. Add the first one below.",
  columns: {
    url: "URL",
    eventTypes: "Event types",
    status: "Status",
    batchSize: "Batch size",
    lag: "Lag",
    cursor: "Cursor (seq)",
  },
  statuses: {
    ACTIVE: "Active",
    FAILING: "Failing: retrying",
    DISABLED: "Disabled",
  },
  disabledByYou: "disabled by you",
  lagHelp:
    "Lag: events of the project not delivered yet. Cursor: every event up to this seq has been delivered.",
  eventTypes: {
    legend: "Event types",
    hint: "At least one. Each type's payload is described in the API documentation.",
    loading: "Loading the event types…",
    MESSAGE_STATUS: "message.status: every status change of a message",
    REQUEST_COMPLETED: "request.completed: a request's last message is completed",
    RESERVATION_STATUS: "reservation.status: every status change of a reservation",
    SCHEDULE_OCCURRENCE: "schedule.occurrence: a schedule occurrence recorded or finished",
    ARS_OPT_OUT: "opt_out.added: a number opted out by calling the project's 080 number",
  },
  fields: {
    url: "URL",
    description: "Description",
    descriptionHint: "Optional, at most 500 characters.",
    batchSize: "Batch size",
    batchSizeHint:
      "Events per POST, 1–1000. 1 sends each event alone; more sends a batch envelope, even for one event.",
    enabled: "Enabled (delivering)",
    enabledHint:
      "Unchecked stops delivery. Checking it again resumes from the cursor, with the failure history cleared.",
  },
  urlRules: {
    title: "The gateway accepts a URL only if:",
    https:
      "it is https (plain http only when the gateway is started with WEBHOOK_ALLOW_HTTP=true);",
    public:
      "its host resolves to public addresses only: loopback, private, link-local (including the cloud metadata address 169.254.169.254), carrier-grade NAT, unique-local, multicast and reserved ranges are refused, now and before every delivery (unless WEBHOOK_ALLOW_PRIVATE_URLS=true);",
    form: "it is at most 2000 characters, without user name, password or #fragment; redirects are never followed.",
  },
  rules: {
    urlEmpty: "Enter the URL the events are POSTed to.",
    urlNotAbsolute: "Enter a full URL, starting with https://.",
    urlTooLong: "The URL is too long: at most 2000 characters.",
    urlScheme: "The URL must start with https:// (or http:// where the gateway allows it).",
    descriptionTooLong:
      "The description is too long: at most 500 characters, this one has {{count}}.",
    batchSize: "Enter a whole number from 1 to 1000.",
    eventTypesEmpty: "Choose at least one event type.",
    seqInvalid: "Enter a seq: a whole number, 1 or more.",
    timeInvalid: "Enter a date and time.",
  },
  errors: {
    gone: "This endpoint no longer exists (it may have been deleted in another tab).",
    limit:
      "This project already has {{current}} of {{limit}} endpoints. Delete one to add another.",
  },
  create: {
    title: "Add an endpoint",
    submit: "Add endpoint",
    saving: "Adding…",
    done: "Endpoint {{url}} added. It receives the events recorded from now on; use replay to reach back.",
  },
  secret: {
    createdTitle: "Signing secret of the new endpoint",
    rotatedTitle: "New signing secret",
    once: "You will not see this secret again: copy it now and store it where your receiver reads it. If it is lost, rotate the secret.",
    label: "Signing secret",
    overlap:
      "Until {{date}} every request is signed with both the new and the previous secret, so a receiver that still has the old one keeps verifying while you deploy this one. After that only the new secret signs.",
    done: "I have stored the secret",
  },
  detail: {
    back: "All endpoints",
    notFound: "This endpoint does not exist or was deleted.",
    title: "Endpoint {{url}}",
    summary: "State",
    project: "Project",
    created: "Created",
    failingSince: "Failing since",
    nextAttempt: "Next attempt",
    lastSuccess: "Last success",
    lastError: "Last error",
    previousSecret: "Previous secret still signs until",
    manage: "Manage",
    manageLabel: "Manage endpoint {{url}}",
  },
  edit: {
    title: "Settings",
    submit: "Save changes",
    nothing: "Nothing changed.",
    saved: "Changes saved.",
  },
  rotate: {
    title: "Signing secret",
    intro:
      "Rotating issues a new secret at once. For 24 hours both secrets sign every request, so the receiver can switch without missing a request.",
    submit: "Rotate secret",
  },
  test: {
    title: "Send a test event",
    intro:
      "POSTs one signed webhook.test event (seq 0) now, outside the event stream: the cursor does not move. The answer appears in the delivery log.",
    submit: "Send test event",
    sending: "Sending…",
    done: "Test event sent: {{outcome}}, {{status}}, {{latency}} ms.",
  },
  replay: {
    title: "Replay",
    intro:
      "Delivers the project's events again, in order, from a seq or from a time. Events are kept as long as the message history.",
    mode: "Start from",
    fromSeq: "A seq",
    fromTime: "A time",
    seq: "First seq to deliver again",
    seqHint: "Delivered again from this seq on (inclusive).",
    time: "From date and time",
    timeHint: "Your local time ({{zone}}): from the first event recorded at or after it.",
    submit: "Replay",
    done: "Replay set: delivery starts again after seq {{cursor}}; lag and cursor below follow it.",
  },
  delete: {
    open: "Delete endpoint…",
    title: "Delete endpoint {{url}}?",
    intro: "Deleting happens at once and cannot be undone:",
    effects: {
      stop: "nothing more is sent to this URL, not even events already recorded but not yet delivered ({{lag}} now);",
      log: "its delivery log is deleted with it;",
      secret: "its signing secret stops being valid;",
      events:
        "the project's events stay: a new endpoint would receive those recorded after its creation (replay reaches back).",
    },
    confirm: "Delete endpoint",
    deleting: "Deleting…",
    done: "Endpoint {{url}} deleted.",
  },
  live: {
    connecting: "Connecting to the live lag…",
    live: "Lag and cursor are live: the gateway pushes every change.",
    reconnecting: "Connection lost: reconnecting. The values shown may be out of date.",
    ended: "The live lag stopped ({{code}}). Reload the page to start it again.",
  },
  deliveries: {
    title: "Delivery log",
    intro: "One row per POST, newest first, kept for WEBHOOK_LOG_DAYS days.",
    empty: "No deliveries yet.",
    columns: {
      time: "Attempt time",
      outcome: "Outcome",
      statusCode: "Status code",
      latency: "Latency",
      seqs: "Seqs (events)",
      response: "Response (first bytes)",
    },
    noAnswer: "no answer",
    latency: "{{ms}} ms",
    test: "test",
    newer: "Newer",
    older: "Older",
    moved: "Deliveries were made since this log was read.",
    showNewest: "Show the newest",
    reload: "Read the log again",
  },
  outcomes: {
    SUCCESS: "Delivered",
    RETRY: "Retry",
    REFUSED: "Refused address",
    GONE: "Gone (410)",
    FAILED: "Failed",
    TEST: "Test",
  },
} as const;

export type WebhooksCatalog = Strings<typeof en>;

export { ja } from "./messages.ja.ts";
export { ko } from "./messages.ko.ts";
